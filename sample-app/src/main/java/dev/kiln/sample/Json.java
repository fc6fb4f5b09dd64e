package dev.kiln.sample;

/** Just enough JSON writing for the contract routes, until the binding issue brings a JSON library. */
final class Json {
    private Json() {}

    /** {@code {"key":"value"}}, with the value escaped as RFC 8259 §7 requires. */
    static String object(String key, String value) {
        StringBuilder sb = new StringBuilder(value.length() + key.length() + 8);
        sb.append('{');
        quote(sb, key);
        sb.append(':');
        quote(sb, value);
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
