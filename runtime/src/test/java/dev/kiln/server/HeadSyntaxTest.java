package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stateless syntax checks of a request head, case by case; {@link Rfc9112Test} sends them over a socket. */
class HeadSyntaxTest {
    @Test
    void hostValuesAreAHostAndAnOptionalPort() {
        for (String valid : List.of("", "a", "example.com", "EXAMPLE.com:80", "127.0.0.1", "127.0.0.1:65535", "[::1]",
                "[::1]:8080", "[fe80::1%25eth0]", "[v1.x]", "a-b_c~d.e", "%41b", "a:", "x!$&'()*+;=")) {
            assertTrue(HeadSyntax.isValidHost(valid), valid);
        }
        for (String invalid : List.of(" ", "a b", "a/b", "a?b", "a#b", "a@b", "a,b", "a:x", "a:1:2", "[::1", "[]",
                "[::1]x", "[::1]:x", "a]", "%4", "%4g", "a\u00e9", "a\"b", "a\\b", "a\tb")) {
            assertFalse(HeadSyntax.isValidHost(invalid), invalid);
        }
    }

    @Test
    void theAuthorityOfAnAbsoluteFormIsItsHostAndPort() {
        assertEquals("example.com", HeadSyntax.absoluteAuthority("http://example.com/a?b"));
        assertEquals("example.com:8080", HeadSyntax.absoluteAuthority("HTTPS://example.com:8080?q"));
        assertEquals("[::1]:1", HeadSyntax.absoluteAuthority("hTTp://[::1]:1"));
        for (String refused : List.of("ftp://example.com/", "httpx://example.com/", "http:/example.com/", "http:///a",
                "http://:80/a", "http://u@example.com/", "http://u:p@example.com/", "http://a b/", "//example.com/",
                "example.com:443", "xhttp://example.com/")) {
            assertNull(HeadSyntax.absoluteAuthority(refused), refused);
        }
    }

    @Test
    void aTargetHasUriOctetsOnly() {
        assertTrue(HeadSyntax.hasUriOctetsOnly("/a/b?c=d&e=%20#f!$'()*+,;=:@~[]{}|^`\\\"<>"));
        for (char c : new char[] {0, 1, '\t', '\n', '\r', ' ', 0x7f, 0x80, 0xe9, 0xff}) {
            assertFalse(HeadSyntax.hasUriOctetsOnly("/a" + c + "b"), "octet " + (int) c);
        }
    }

    @Test
    void onlyTheDecodersConstantsAreExactSpellingsOfOneDotZeroAndOneDotOne() {
        assertTrue(HeadSyntax.isExactVersion(HttpVersion.HTTP_1_1));
        assertTrue(HeadSyntax.isExactVersion(HttpVersion.HTTP_1_0));
        assertFalse(HeadSyntax.isExactVersion(HttpVersion.valueOf("http/1.1")));
        assertFalse(HeadSyntax.isExactVersion(HttpVersion.valueOf("Http/1.0")));
        assertTrue(HeadSyntax.isExactVersion(HttpVersion.valueOf("HTTP/1.2")), "a higher minor version is served");
    }
}
