package dev.kiln.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.routing.RawPath;
import java.nio.charset.StandardCharsets;

/**
 * {@link RawPath}: checking and decoding any path never throws, and a value percent-encoded by a client decodes
 * back to itself. Corpus: {@code RawPathFuzzTestInputs/}.
 */
class RawPathFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyPathIsCheckedAndDecodedWithoutThrowing(byte[] input) {
        String path = new String(input, StandardCharsets.ISO_8859_1);
        for (int start = 0; start <= Math.min(path.length(), 3); start++) {
            RawPath.isAcceptable(path, start, path.length());
            RawPath.decode(path, start, path.length());
            RawPath.segmentEnd(path, start, path.length());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anEncodedSegmentDecodesToItself(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        if (!Percent.isWellFormed(value)) return;
        String path = "/users/" + Percent.encode(value);
        assertEquals(value, RawPath.decode(path, 7, path.length()));
        boolean dots = value.equals(".") || value.equals("..");
        boolean nul = value.indexOf('\0') >= 0;
        boolean hiddenDots = false; // an encoded slash splits the decoded value into segments of its own
        for (String segment : value.split("/", -1)) hiddenDots |= segment.equals(".") || segment.equals("..");
        assertEquals(!(dots || nul || hiddenDots), RawPath.isAcceptable(path, 0, path.length()), () -> "for " + path);
    }
}
