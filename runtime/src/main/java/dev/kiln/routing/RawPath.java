package dev.kiln.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Checks and decodes the raw request path that the router matches on.
 *
 * <p>Matching runs on the path as sent; a parameter is percent-decoded only when read, so {@code %2F}
 * inside it never creates a segment (RFC 3986 §2.2). Before matching, {@link #isAcceptable} turns away
 * what must never reach a handler: invalid percent-encoding, an encoded NUL, and {@code .} or {@code ..}
 * segments, also where they are percent-encoded or hidden behind an encoded slash.
 */
public final class RawPath {
    private RawPath() {}

    /** The end of the segment that starts at {@code i}: the next {@code '/'} or {@code end}. */
    public static int segmentEnd(String path, int i, int end) {
        int slash = path.indexOf('/', i); // an intrinsic: faster than a charAt loop on long segments
        return slash < 0 || slash > end ? end : slash;
    }

    /**
     * Whether {@code path[start, end)} may be routed: every {@code %} starts a valid escape that is not
     * {@code %00}, and no segment, read after decoding, is {@code .} or {@code ..}. Allocation-free.
     */
    public static boolean isAcceptable(String path, int start, int end) {
        // Without a '%' and without a "/." there is nothing to check, and both searches are JIT intrinsics,
        // several times faster than the loop below: it only runs for paths that hold one of them.
        int escape = path.indexOf('%', start);
        int dot = path.indexOf("/.", start);
        if ((escape < 0 || escape >= end) && (dot < 0 || dot >= end)) {
            return true;
        }
        int componentLength = 0; // decoded characters in the current component
        int dots = 0;            // how many of them are '.'
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) return false;
                int hi = hex(path.charAt(i + 1));
                int lo = hex(path.charAt(i + 2));
                if (hi < 0 || lo < 0) return false;
                c = (char) (hi << 4 | lo);
                if (c == 0) return false;
                i += 2;
            }
            if (c == '/') {
                if (componentLength > 0 && componentLength == dots && dots <= 2) return false;
                componentLength = 0;
                dots = 0;
            } else {
                componentLength++;
                if (c == '.') dots++;
            }
        }
        return !(componentLength > 0 && componentLength == dots && dots <= 2);
    }

    /** {@code path[start, end)} percent-decoded as UTF-8; the substring itself when it holds no escape. */
    public static String decode(String path, int start, int end) {
        int first = path.indexOf('%', start);
        if (first < 0 || first >= end) {
            return path.substring(start, end);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < end && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                out.write(hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
