package dev.kiln.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names a mount accepts, decoded once, and every way out of the directory it refuses. */
class SafePathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app.js|app.js",
            "js/app.js|js/app.js",
            "sub/|sub/",
            "''|''",
            "a%20b.txt|a b.txt",
            "caf%C3%A9.css|café.css",
            "%252e%252e|%2e%2e",
            "..a|..a",
            "a..|a..",
            ".well-known/x|.well-known/x"})
    void plainNamesAreDecodedOnce(String raw, String name) {
        assertEquals(name, SafePath.relative(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "..", "../x", "a/../../x", "a/..", ".", "./x", "a/./b",
            "%2e%2e/x", "%2E%2E/x", ".%2e/x", "%2e./x", "a/%2e%2e", "%2e",
            "..%2fx", "a%2Fb", "%2fetc/passwd",
            "..%5cx", "a%5Cb", "a\\b", "..\\x",
            "a%00", "a%00.js", "a%0a", "a%7f",
            "/etc/passwd", "//etc/passwd", "a//b",
            "C:/x", "c:x",
            "%c0%ae%c0%ae/x", "%ff", "%e2%82",
            "%", "%2", "%zz", "a%g1",
            "ä"})
    void everyWayOutIsRefused(String raw) {
        assertNull(SafePath.relative(raw), raw);
    }
}
