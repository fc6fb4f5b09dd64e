package dev.kiln.fuzz;

import java.nio.charset.StandardCharsets;

/** Percent-encoding as a client does it, and the checks the fuzz tests share. */
final class Percent {
    private Percent() {}

    /** {@code value} as UTF-8 with every byte but the unreserved ones (RFC 3986 §2.3) percent-encoded. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Whether {@code s} survives UTF-8 both ways: no unpaired surrogate, which no client can send. */
    static boolean isWellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    }
}
