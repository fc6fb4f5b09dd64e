package dev.kiln.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.json.JsonCodec;
import dev.kiln.json.Types;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why a JSON body was refused, as the 400 answer says it: empty, malformed where, or a field of the wrong type. */
class JsonDiagnosisTest {
    private static String reason(String json, RuntimeException failure) {
        return JsonDiagnosis.reason(json.getBytes(StandardCharsets.UTF_8), failure);
    }

    /** What the default codec says about {@code json} read as {@code type}. */
    private static String avaje(String json, java.lang.reflect.Type type) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            JsonCodec.avaje().adapter(type).read(bytes);
        } catch (RuntimeException e) {
            return JsonDiagnosis.reason(bytes, e);
        }
        throw new AssertionError("read: " + json);
    }

    @Test
    void anEmptyBodySaysSo() {
        assertEquals("empty body", reason("", new RuntimeException("x")));
    }

    @Test
    void malformedJsonIsPlacedByLineAndColumn() {
        RuntimeException any = new RuntimeException("whatever the codec says");
        assertEquals("malformed JSON at line 1, column 2: the document ends before a value", reason("[", any));
        assertEquals("malformed JSON at line 2, column 13: expected ',' or '}'",
                reason("{\"a\": 1,\n  \"b\": true \"c\": 2}", any));
        assertEquals("malformed JSON at line 1, column 14: expected a field name in double quotes",
                reason("{\"title\":\"a\",}", any), "a trailing comma, which a lenient codec takes");
        assertEquals("malformed JSON at line 1, column 15: unexpected content after the document",
                reason("{\"title\":\"a\"} x", any));
        assertEquals("malformed JSON at line 1, column 10: expected a JSON value (true, or text in double quotes)",
                reason("{\"done\": tru}", any));
        assertEquals("malformed JSON at line 1, column 4: invalid escape '\\q'", reason("[\"a\\q\"]", any));
        assertEquals("malformed JSON at line 1, column 2: unexpected character '''", reason("['a']", any));
        assertEquals("malformed JSON at line 1, column 3: expected a digit", reason("[-]", any));
        assertEquals("malformed JSON at line 1, column 4: the document ends inside a string", reason("[\"é", any),
                "columns count characters, not bytes");
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000);
        assertTrue(reason(deep, new RuntimeException()).endsWith(": nested more than 512 deep"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithWhereItIs() {
        // Byte 21 is the '1' of the "title" value.
        RuntimeException stringExpected = new JsonCodec.ReadException("Expecting '\"' for string start, instead found '1'",
                21, null);
        assertEquals("field title: expected a string at line 2, column 12",
                reason("{\"id\": 1,\n  \"title\": 12}", stringExpected));
        RuntimeException nested = new JsonCodec.ReadException("Error parsing number", 28, null); // in "x"
        assertEquals("field items[1].qty: expected a number that fits its type at line 1, column 28",
                reason("{\"items\":[{\"qty\":1},{\"qty\":\"x\"}]}", nested));
    }

    @Test
    void aFailedReadLeavesTheNextReadOnTheThreadAlone() {
        JsonCodec.Adapter<List<Integer>> ints = JsonCodec.avaje().adapter(Types.parameterized(List.class, Integer.class));
        for (int k = 0; k < 3; k++) {
            String failed = avaje("{}", Types.parameterized(List.class, Integer.class));
            assertEquals("expected an array at line 1, column 1", failed);
            assertEquals(List.of(1, 2), ints.read("[1,2]".getBytes(StandardCharsets.UTF_8)), "after a failure, round " + k);
        }
    }

    @Test
    void theDefaultCodecsFailuresAreNamed() {
        assertEquals("field [1]: expected a number that fits its type at line 1, column 5",
                avaje("[1, \"a\"]", Types.parameterized(List.class, Integer.class)));
        assertEquals("expected an array at line 1, column 1", avaje("{}", Types.parameterized(List.class, Integer.class)));
        assertEquals("field n: expected a number that fits its type at line 1, column 7",
                avaje("{\"n\": \"x\"}", Types.parameterized(Map.class, String.class, Integer.class)));
        assertEquals("field [1]: expected true or false at line 1, column 8",
                avaje("[true, 2]", Types.parameterized(List.class, Boolean.class)));
    }
}
