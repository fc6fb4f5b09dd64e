package dev.kiln;

import dev.kiln.json.JsonText;
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
        JsonText.quote(json, problem.type());
        json.append(",\"title\":");
        JsonText.quote(json, problem.title());
        json.append(",\"status\":").append(problem.status());
        if (problem.detail() != null) {
            json.append(",\"detail\":");
            JsonText.quote(json, problem.detail());
        }
        if (!problem.errors().isEmpty()) {
            json.append(",\"errors\":[");
            for (int k = 0; k < problem.errors().size(); k++) {
                Problem.Error e = problem.errors().get(k);
                json.append(k == 0 ? "{\"name\":" : ",{\"name\":");
                JsonText.quote(json, e.name());
                json.append(",\"in\":");
                JsonText.quote(json, e.in());
                if (e.expected() != null) {
                    json.append(",\"expected\":");
                    JsonText.quote(json, e.expected());
                }
                if (e.detail() != null) {
                    json.append(",\"detail\":");
                    JsonText.quote(json, e.detail());
                }
                json.append('}');
            }
            json.append(']');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
