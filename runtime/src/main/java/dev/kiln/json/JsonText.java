package dev.kiln.json;

/** Writing JSON by hand where a codec would be too much: the server's own small documents (problems, health). */
public final class JsonText {
    private JsonText() {}

    /** Appends {@code s} as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append("\\u").append(Character.forDigit(c >> 12 & 0xF, 16)).append(Character.forDigit(c >> 8 & 0xF, 16))
                        .append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
