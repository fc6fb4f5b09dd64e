package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the router is given for each form of request-target (RFC 9112 §3.2), and what is turned away. */
class RequestTargetTest {
    @Test
    void originFormIsRoutedAsItIs() {
        assertEquals("/users/42?x=1", RequestTarget.routable("/users/42?x=1"));
        assertEquals("/", RequestTarget.routable("/"));
        assertEquals("/a%2Fb", RequestTarget.routable("/a%2Fb"), "escapes are kept: matching runs on the raw path");
    }

    @Test
    void absoluteFormIsRoutedOnItsPathAndQuery() {
        assertEquals("/users/42?x=1", RequestTarget.routable("http://example.com/users/42?x=1"));
        assertEquals("/", RequestTarget.routable("http://example.com"), "an empty path means /");
        assertEquals("/?q=1", RequestTarget.routable("http://example.com?q=1"));
        assertEquals("/p", RequestTarget.routable("https://example.com:8443/p"));
        assertEquals("/p", RequestTarget.routable("HTTP://example.com/p"), "the scheme in any case (RFC 3986 §3.1)");
    }

    /** Found by the differential against nginx (fuzz/): both are 400 there. */
    @Test
    void anAbsoluteFormWithUserinfoOrAnotherSchemeIsABadRequest() {
        assertNull(RequestTarget.routable("http://u@a/plaintext"), "userinfo: RFC 9110 §4.2.4 says to treat it as an error");
        assertNull(RequestTarget.routable("https://user@example.com:8443/p"));
        assertEquals("/p?to=a@b", RequestTarget.routable("http://a/p?to=a@b"), "an '@' after the authority is not userinfo");
        assertNull(RequestTarget.routable("ftp://a/plaintext"), "not a scheme this server serves");
        assertNull(RequestTarget.routable("httpx://a/p"));
        assertNull(RequestTarget.routable("htt://a/p"));
    }

    @Test
    void anAbsoluteFormWithoutAPathIsRoutedToTheRootEvenWhenItsQueryHoldsASlash() {
        assertEquals("/?next=/admin", RequestTarget.routable("http://example.com?next=/admin"),
                "the slash is the query's: the path is empty, which means /");
    }

    @Test
    void anythingElseIsABadRequest() {
        assertNull(RequestTarget.routable("users/42"), "neither origin nor absolute form");
        assertNull(RequestTarget.routable(""));
        assertNull(RequestTarget.routable("://host/p"), "no scheme");
        assertNull(RequestTarget.routable("*"), "the asterisk form is for OPTIONS only, answered before routing");
    }

    @Test
    void pathsThatMustNeverReachAHandlerAreBadRequests() {
        assertNull(RequestTarget.routable("/a/../b"));
        assertNull(RequestTarget.routable("/a/%2e%2E/b"), "a dot segment hidden in escapes");
        assertNull(RequestTarget.routable("/a%zz"), "an invalid escape");
        assertNull(RequestTarget.routable("/a%00b"), "an encoded NUL");
        assertNull(RequestTarget.routable("http://host/./x"), "also in absolute form");
        assertEquals("/a?../b", RequestTarget.routable("/a?../b"), "the query is not a path");
    }

    /** Found by RequestTargetFuzzTest (fuzz/): a raw NUL reached a handler as a path parameter; %00 never does. */
    @Test
    void aControlCharacterOrSpaceAnywhereInTheTargetIsABadRequest() {
        assertNull(RequestTarget.routable("/users/a\u0000b"), "a raw NUL");
        assertNull(RequestTarget.routable("/users/a\u001bb"));
        assertNull(RequestTarget.routable("/users/a\u007fb"), "DEL");
        assertNull(RequestTarget.routable("/a?q=\u0001"), "in the query too");
        assertNull(RequestTarget.routable("/a b"));
        assertNull(RequestTarget.routable("/a\tb"));
        assertNull(RequestTarget.routable("http://a\u0000/p"), "in the authority of the absolute form");
        assertEquals("/users/a\u00e9b", RequestTarget.routable("/users/a\u00e9b"), "a byte over 0x7f is not a control");
    }

    /** Found by QueryAndCookieFuzzTest (fuzz/): ctx.query on {@code ?'%} threw from Netty's decoder, a 500. */
    @Test
    void anInvalidEscapeInTheQueryIsABadRequest() {
        assertNull(RequestTarget.routable("/read?'%"), "an unterminated escape");
        assertNull(RequestTarget.routable("/read?q=%4"));
        assertNull(RequestTarget.routable("/read?q=%zz&r=1"));
        assertNull(RequestTarget.routable("http://a/read?q=%g0"), "in the absolute form too");
        assertNull(RequestTarget.routable("/read?q=%\u0664\u0661"), "Arabic-Indic digits are not hex digits");
        assertEquals("/read?q=%41%e9&r=%25", RequestTarget.routable("/read?q=%41%e9&r=%25"), "valid escapes, any case");
        assertEquals("/read?q=100%25", RequestTarget.routable("/read?q=100%25"));
    }

    @Test
    void thePathEndsAtTheQuery() {
        assertEquals(4, RequestTarget.pathEnd("/abc?x=1"));
        assertEquals(4, RequestTarget.pathEnd("/abc"));
        assertEquals(1, RequestTarget.pathEnd("/?"));
    }

    @Test
    void onlyAStarIsTheAsteriskForm() {
        assertTrue(RequestTarget.isAsterisk("*"));
        assertFalse(RequestTarget.isAsterisk("/*"));
        assertFalse(RequestTarget.isAsterisk("**"));
    }
}
