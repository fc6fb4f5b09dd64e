package dev.kiln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9457's problem details, as the default renderer writes them. */
class ProblemTest {
    private static String json(Problem problem) {
        return new String(ProblemRenderer.json().render(problem), StandardCharsets.UTF_8);
    }

    @Test
    void aProblemOfAStatusAloneHasItsReasonPhraseAsTitle() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}", json(Problem.of(404, null)));
        assertEquals("application/problem+json", ProblemRenderer.json().contentType());
    }

    @Test
    void errorsNameEachParameterWhereItWasAndWhatWasExpectedLeavingOutWhatIsNotSet() {
        Problem p = Problem.of(400, "2 values are invalid", List.of(new Problem.Error("limit", "query", "int", null),
                new Problem.Error("items[1].qty", "body", null, "must be at least 1")));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"2 values are invalid\","
                + "\"errors\":[{\"name\":\"limit\",\"in\":\"query\",\"expected\":\"int\"},"
                + "{\"name\":\"items[1].qty\",\"in\":\"body\",\"detail\":\"must be at least 1\"}]}", json(p));
    }

    @Test
    void stringsAreEscapedSoAClientsInputCannotBreakTheDocument() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no route for GET /\\\"}\\\\\\u000a\\u2028\"}", json(Problem.of(404, "no route for GET /\"}\\\n\u2028")));
    }

    @Test
    void anotherStatusKeepsTheDetailAndTakesItsTitle() {
        Problem p = Problem.of(400, "1 value is invalid").withStatus(422);
        assertEquals(422, p.status());
        assertEquals("Unprocessable Content", p.title());
        assertEquals("1 value is invalid", p.detail());
        Problem own = new Problem("https://example.com/out-of-stock", "Out of stock", 409, null, List.of());
        assertEquals("Out of stock", own.withStatus(410).title(), "a title of the application's own is kept");
    }

    @Test
    void aStatusOutsideTheFinalRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(100, null));
        assertThrows(IllegalArgumentException.class, () -> Problem.of(600, null));
    }
}
