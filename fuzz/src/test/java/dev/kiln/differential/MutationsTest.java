package dev.kiln.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generator the differential runs on: any seed makes cases, the same seed the same ones. */
class MutationsTest {
    /** Two mutations in a row once removed the only field and the second then picked one: any seed must work. */
    @Test
    void everySeedMakesCasesThatEndWithTheCanary() {
        for (long seed = 0; seed < 100; seed++) {
            Mutations m = new Mutations(seed);
            for (int i = 0; i < 1_000; i++) {
                Mutations.Case c = m.next();
                assertEquals(i, c.index());
                String text = new String(c.bytes(), StandardCharsets.ISO_8859_1);
                assertTrue(text.endsWith(Mutations.CANARY), () -> "seed " + c.kind() + ": " + c.escaped());
            }
        }
    }

    @Test
    void theSameSeedMakesTheSameCases() {
        Mutations a = new Mutations(24);
        Mutations b = new Mutations(24);
        for (int i = 0; i < 200; i++) {
            Mutations.Case x = a.next();
            Mutations.Case y = b.next();
            assertEquals(x.kind(), y.kind());
            assertArrayEquals(x.bytes(), y.bytes());
        }
    }

    @Test
    void theEscapedFormShowsControlsAndLineEnds() {
        Mutations.Case c = new Mutations.Case(0, "test", "A\r\n\t\u0000\u00e9\\".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("A\\r\\n\\t\\x00\\xe9\\\\", c.escaped());
    }
}
