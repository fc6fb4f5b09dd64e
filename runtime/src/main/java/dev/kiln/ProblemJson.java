package dev.kiln;

import java.nio.charset.StandardCharsets;

/** {@link ProblemRenderer#json()}: the problem written by hand, so no JSON library is needed to fail well. */
final class ProblemJson implements ProblemRenderer {
    static final ProblemJson INSTANCE = new ProblemJson();
    static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {}

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public byte[] render(Problem problem) {
        StringBuilder json = new StringBuilder(128);
        json.append("{\"type\":");
        quote(json, problem.type());
        json.append(",\"title\":");
        quote(json, problem.title());
        json.append(",\"status\":").append(problem.status());
        if (problem.detail() != null) {
            json.append(",\"detail\":");
            quote(json, problem.detail());
        }
        if (!problem.errors().isEmpty()) {
            json.append(",\"errors\":[");
            for (int k = 0; k < problem.errors().size(); k++) {
                Problem.Error e = problem.errors().get(k);
                json.append(k == 0 ? "{\"name\":" : ",{\"name\":");
                quote(json, e.name());
                json.append(",\"in\":");
                quote(json, e.in());
                if (e.expected() != null) {
                    json.append(",\"expected\":");
                    quote(json, e.expected());
                }
                if (e.detail() != null) {
                    json.append(",\"detail\":");
                    quote(json, e.detail());
                }
                json.append('}');
            }
            json.append(']');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code s} as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder out, String s) {
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
        out.append('"');
    }
}
