package dev.kiln.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Range} headers of RFC 9110 §14.1.2 against a file of 100 bytes. */
class ByteRangeTest {
    private static final long SIZE = 100;

    @ParameterizedTest
    @CsvSource({
            "bytes=0-9, 0, 9",
            "bytes=10-, 10, 99",
            "bytes=-10, 90, 99",
            "bytes=-1000, 0, 99",
            "bytes=90-1000, 90, 99",
            "bytes=99-99, 99, 99",
            "Bytes=0-0, 0, 0",
            "' bytes=5-6 ', 5, 6"})
    void oneRangeIsResolvedAgainstTheLength(String header, long first, long last) {
        assertArrayEquals(new long[] {first, last}, ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=1000-1001"})
    void aRangeOutsideTheFileIsUnsatisfiable(String header) {
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=5-2", "bytes=a-b", "bytes=-", "bytes=1", "items=0-1", "0-1",
            "bytes=99999999999999999999-", "bytes=--1", "bytes=+1-2"})
    void severalMalformedOrOtherUnitsAreIgnored(String header) {
        assertNull(ByteRange.parse(header, SIZE), header);
    }

    @Test
    void anEmptyFileHasNoSuffix() {
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-5", 0));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
    }
}
