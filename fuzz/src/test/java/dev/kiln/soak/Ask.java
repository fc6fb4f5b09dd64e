package dev.kiln.soak;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One well-formed request of the soak and what its answer must be: {@code check} returns null for a right answer,
 * else what was wrong. {@code name} groups the counts (a route, not a URL).
 */
record Ask(String name, byte[] bytes, boolean head, Function<Conn.Reply, String> check) {
    /** A request with no body; {@code headers} are extra lines, each ending in CRLF. */
    static byte[] get(String method, String target, String headers) {
        return (method + " " + target + " HTTP/1.1\r\nHost: soak\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request with a body framed by Content-Length. */
    static byte[] post(String method, String target, String contentType, byte[] body, String headers) {
        byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: soak\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return concat(head, body);
    }

    /** A request whose body is sent chunked, in pieces of {@code piece} bytes. */
    static byte[] chunked(String target, String contentType, byte[] body, int piece) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + body.length / piece * 8 + 128);
        out.writeBytes(("POST " + target + " HTTP/1.1\r\nHost: soak\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < body.length; i += piece) {
            int n = Math.min(piece, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The check of an answer with {@code status} and exactly {@code body}. */
    static Function<Conn.Reply, String> exactly(int status, String body) {
        return r -> r.status() != status ? "status " + r.status() + ", not " + status
                : !r.text().equals(body) ? "body '" + abbreviate(r.text()) + "', not '" + abbreviate(body) + "'"
                : null;
    }

    /** The check of an answer with {@code status} and exactly {@code body}, byte for byte. */
    static Function<Conn.Reply, String> exactly(int status, byte[] body) {
        return r -> r.status() != status ? "status " + r.status() + ", not " + status
                : !java.util.Arrays.equals(r.body(), body) ? "body of " + r.body().length + " bytes differs from the "
                        + body.length + " expected"
                : null;
    }

    /** The check of an answer with {@code status} whose body holds each of {@code parts}. */
    static Function<Conn.Reply, String> holding(int status, String... parts) {
        return r -> {
            if (r.status() != status) return "status " + r.status() + ", not " + status + " (" + abbreviate(r.text()) + ")";
            String text = r.text();
            for (String part : parts) {
                if (!text.contains(part)) return "body '" + abbreviate(text) + "' lacks '" + abbreviate(part) + "'";
            }
            return null;
        };
    }

    static String abbreviate(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
