package dev.kiln.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector of a request's violations, as generated checks use it. */
class ViolationsTest {
    @Test
    void nothingIsMadeUntilTheFirstViolation() {
        Violations none = null;
        assertEquals(0, Violations.size(none));
        Violations.nest(none, 0, "items", 3); // nothing to name: no failure, nothing made
        Violations one = Violations.add(none, "title", "body", "must not be blank");
        assertSame(one, Violations.add(one, "qty", "body", "must be greater than 0"));
        assertEquals(2, Violations.size(one));
    }

    @Test
    void nestedNamesGetTheirFieldsPathOnlyFromTheMark() {
        Violations v = Violations.add(null, "title", "body", "a");
        int mark = Violations.size(v);
        v = Violations.add(v, "sku", "body", "b");
        v = Violations.add(v, "[0].qty", "body", "c");
        Violations.nest(v, mark, "lines", 2);
        int mark2 = Violations.size(v);
        v = Violations.add(v, "city", "body", "d");
        Violations.nest(v, mark2, "address", -1);
        int mark3 = Violations.size(v);
        v = Violations.add(v, "name", "body", "e");
        Violations.nest(v, mark3, null, 4);
        assertEquals(List.of("title", "lines[2].sku", "lines[2][0].qty", "address.city", "[4].name"),
                v.errors().stream().map(Problem.Error::name).toList());
    }

    @Test
    void manyViolationsAreKeptInOrderAndRejectedTogether() {
        Violations v = null;
        for (int k = 0; k < 20; k++) v = Violations.add(v, "f" + k, k % 2 == 0 ? "query" : "header", "bad " + k);
        InvalidRequest rejected = v.rejected();
        assertEquals(20, rejected.violations().size());
        assertEquals(new Problem.Error("f19", "header", null, "bad 19"), rejected.violations().get(19));
        Problem problem = rejected.problem();
        assertEquals(400, problem.status());
        assertEquals("20 values are invalid", problem.detail());
        assertNull(problem.errors().get(0).expected());
    }
}
