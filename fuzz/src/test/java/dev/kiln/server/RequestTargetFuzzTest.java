package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.routing.RawPath;
import java.nio.charset.StandardCharsets;

/**
 * Request-targets as they come off the wire (bytes as ISO-8859-1, as Netty reads the request line): reducing one
 * to what is routed never throws, and what it lets through keeps {@link RequestTarget}'s promises. In this package
 * because {@code RequestTarget} is package-private. Corpus: {@code RequestTargetFuzzTestInputs/}.
 */
class RequestTargetFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void whatIsRoutedIsAnAcceptablePath(byte[] input) {
        String target = new String(input, StandardCharsets.ISO_8859_1);
        String uri = RequestTarget.routable(target);
        // What the server routes: the head checks first, then the target without a second walk for control octets
        String served = HeadSyntax.hasUriOctetsOnly(target) ? RequestTarget.routableChecked(target) : null;
        if (served != null) {
            assertEquals(uri, served, "the head check and routableChecked route what routable routes");
            assertTrue(served.chars().allMatch(c -> c > ' ' && c < 0x7f), () -> "routed a raw control octet: " + served);
        }
        if (uri == null) return;
        assertTrue(uri.startsWith("/"), () -> "routed without a leading slash: " + uri);
        int end = RequestTarget.pathEnd(uri);
        assertTrue(RawPath.isAcceptable(uri, 0, end), () -> "routed an unacceptable path: " + uri);
        String decoded = RawPath.decode(uri, 0, end);
        assertFalse(decoded.indexOf('\0') >= 0, () -> "routed an encoded NUL: " + uri);
        for (String segment : decoded.split("/", -1)) {
            assertFalse(segment.equals(".") || segment.equals(".."), () -> "routed a dot segment: " + uri);
        }
        if (target.startsWith("/")) assertEquals(target, uri, "origin form is routed as it is");
    }
}
