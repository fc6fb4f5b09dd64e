package dev.kiln.files;

/**
 * A {@code Range} header of one byte range (RFC 9110 §14.1.2), resolved against the file's length. Several ranges
 * are answered with the whole file, which the RFC allows (§14.2: a server may ignore {@code Range}), and spares
 * the server a {@code multipart/byteranges} body.
 */
final class ByteRange {
    /** The answer for a range that starts past the end of the file, or a zero suffix: 416. */
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRange() {}

    /**
     * The first and last byte of the range {@code header} names in a file of {@code size} bytes, both inclusive;
     * {@link #UNSATISFIABLE}; or null when the header is to be ignored (malformed, another unit, several ranges).
     */
    static long[] parse(String header, long size) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        long first = digits(spec, 0, dash);
        long last = digits(spec, dash + 1, spec.length());
        if (dash == 0) { // "-n": the last n bytes
            if (last < 0) return null;
            if (last == 0 || size == 0) return UNSATISFIABLE;
            return new long[] {Math.max(0, size - last), size - 1};
        }
        if (first < 0) return null;
        if (dash + 1 < spec.length()) {
            if (last < 0 || last < first) return null; // "5-2" is invalid: ignored
        } else {
            last = Long.MAX_VALUE; // "n-": to the end
        }
        if (first >= size) return UNSATISFIABLE;
        return new long[] {first, Math.min(last, size - 1)};
    }

    /** The decimal number in {@code s[from, to)}, or -1 when it is empty, not all digits, or too long. */
    private static long digits(String s, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
