package dev.kiln.realworld;

import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Kiln's own errors (a body that is not JSON, a parameter that does not convert, 404, 405, 413, the generic
 * 500) in the spec's shape, so that a client sees one error format: {@code {"errors":{"limit":["expected int"]}}}
 * for a bad parameter, {@code {"errors":{"body":["malformed JSON at line 1, column 9: ..."]}}} for a bad body,
 * {@code {"errors":{"body":["no route for GET /api/x"]}}} otherwise. The status stays Kiln's.
 */
final class SpecProblems implements ProblemRenderer {
    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] render(Problem problem) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (problem.errors().isEmpty()) {
            errors.put("body", List.of(problem.detail() != null ? problem.detail() : problem.title()));
        }
        for (Problem.Error e : problem.errors()) {
            String message = e.detail() != null ? e.detail()
                    : e.expected() != null ? "expected " + e.expected() : problem.title();
            // a body's error is named after the handler's parameter, which the client never saw: file it under "body"
            String field = "body".equals(e.in()) || e.name().isEmpty() ? "body" : e.name();
            errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
        }
        StringBuilder json = new StringBuilder("{\"errors\":{");
        String comma = "";
        for (Map.Entry<String, List<String>> field : errors.entrySet()) {
            json.append(comma);
            comma = ",";
            string(json, field.getKey());
            json.append(":[");
            String inner = "";
            for (String message : field.getValue()) {
                json.append(inner);
                inner = ",";
                string(json, message);
            }
            json.append(']');
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code s} as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
