package dev.kiln.test;

import dev.kiln.Problem;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an {@code application/problem+json} body back into a {@link Problem}, so that a test compares what an error
 * says rather than how its JSON is laid out: {@code assertEquals(Problem.of(404, "..."), Problems.read(body))}.
 */
public final class Problems {
    private static final JsonType<Object> ANY = Jsonb.builder().build().type(Object.class);

    private Problems() {}

    /** The problem in {@code json}; an {@link AssertionError} saying why when it is not one. */
    public static Problem read(String json) {
        Object parsed;
        try {
            parsed = ANY.fromJson(json);
        } catch (RuntimeException e) {
            throw new AssertionError("not a problem+json body: " + json, e);
        }
        if (!(parsed instanceof Map<?, ?> map)) throw new AssertionError("not a problem+json object: " + json);
        List<Problem.Error> errors = new ArrayList<>();
        if (map.get("errors") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> e = (Map<?, ?>) item;
                errors.add(new Problem.Error((String) e.get("name"), (String) e.get("in"), (String) e.get("expected"),
                        (String) e.get("detail")));
            }
        }
        Object status = Objects.requireNonNull(map.get("status"), "no status in " + json);
        return new Problem((String) map.get("type"), (String) map.get("title"), ((Number) status).intValue(),
                (String) map.get("detail"), errors);
    }

    /** {@link #read(String)} of a body's bytes, as UTF-8. */
    public static Problem read(byte[] json) {
        return read(new String(json, StandardCharsets.UTF_8));
    }
}
