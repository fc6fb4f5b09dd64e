package dev.kiln.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks generated validation calls: {@code @NotBlank}, {@code @Email}, and big numbers against a bound. */
class ChecksTest {
    @Test
    void blankIsNullOrOnlyWhatTrimRemoves() {
        assertTrue(Checks.isBlank(null));
        assertTrue(Checks.isBlank(""));
        assertTrue(Checks.isBlank(" \t\r\n\u0000"));
        assertFalse(Checks.isBlank(" a "));
        assertFalse(Checks.isBlank("\u00a0"), "a no-break space is not removed by trim(), so it is not blank");
        assertFalse(Checks.isBlank(new StringBuilder("x")));
    }

    @Test
    void wellFormedAddressesPass() {
        for (String ok : List.of("", "ann@example.com", "a.b+tag@sub.example.org", "o'neil@x.io", "user@localhost",
                "x@[192.168.0.1]", "ünï@bücher.de", "a@b-c.d")) {
            assertTrue(Checks.isEmail(ok), ok);
        }
    }

    @Test
    void malformedAddressesFail() {
        for (String bad : List.of("ann", "@example.com", "ann@", "ann@@example.com", ".ann@x.io", "ann.@x.io", "a..b@x.io",
                "ann@-x.io", "ann@x-.io", "ann@x..io", "ann@x.io.", "an n@x.io", "ann@x_y.io", "a\"b@x.io",
                "x".repeat(65) + "@x.io", "ann@" + "d".repeat(64) + ".io", "ann@[]")) {
            assertFalse(Checks.isEmail(bad), bad);
        }
    }

    @Test
    void bigNumbersCompareWithALongBound() {
        assertEquals(-1, Integer.signum(Checks.compare(BigInteger.valueOf(4), 5)));
        assertEquals(0, Checks.compare(BigInteger.valueOf(5), 5));
        assertEquals(1, Integer.signum(Checks.compare(BigInteger.TWO.pow(70), Long.MAX_VALUE)));
        assertEquals(-1, Integer.signum(Checks.compare(BigInteger.TWO.pow(70).negate(), Long.MIN_VALUE)));
        assertEquals(-1, Integer.signum(Checks.compare(new BigDecimal("4.999"), 5)));
        assertEquals(0, Checks.compare(new BigDecimal("5.000"), 5));
        assertEquals(1, Integer.signum(Checks.compare(new BigDecimal("5.001"), 5)));
    }
}
