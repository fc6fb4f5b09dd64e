package dev.kiln.bind;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The constraint checks that generated validation code calls where one Java operator is not enough: blank
 * text, an e-mail address, a big number against a bound. None allocates, but {@link #compare(BigDecimal, long)}.
 */
public final class Checks {
    private Checks() {}

    /**
     * Whether {@code text} is null or holds nothing but characters up to U+0020 (what {@code String.trim()} removes):
     * what Jakarta's {@code @NotBlank} refuses.
     */
    public static boolean isBlank(CharSequence text) {
        if (text == null) return true;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > ' ') return false;
        }
        return true;
    }

    /**
     * Whether {@code text} is a well-formed e-mail address, as Jakarta's {@code @Email} (in Hibernate Validator's
     * reading) accepts: a local part of at most 64 characters (letters, digits, {@code !#$%&'*+/=?^_`{|}~-}, and
     * dots between them), {@code @}, then a domain of dot-separated labels of letters, digits and inner hyphens
     * (each at most 63 characters), or an address literal in brackets. The empty text passes, as it does there.
     */
    public static boolean isEmail(CharSequence text) {
        int n = text.length();
        if (n == 0) return true;
        int at = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (text.charAt(i) == '@') {
                at = i;
                break;
            }
        }
        if (at < 1 || at > 64 || at == n - 1) return false;
        char previous = '.';
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (previous == '.') return false; // a leading dot or two in a row
            } else if (!isAtext(c)) {
                return false;
            }
            previous = c;
        }
        if (previous == '.') return false;
        if (text.charAt(at + 1) == '[') return text.charAt(n - 1) == ']' && n - at > 3;
        int label = 0;
        for (int i = at + 1; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (label == 0 || text.charAt(i - 1) == '-') return false;
                label = 0;
            } else if (Character.isLetterOrDigit(c) || c == '-' && label > 0) {
                if (++label > 63) return false;
            } else {
                return false;
            }
        }
        return label > 0 && text.charAt(n - 1) != '-';
    }

    private static boolean isAtext(char c) {
        return Character.isLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    /** {@code value} compared with {@code bound}: negative, zero or positive as it is less, equal or greater. */
    public static int compare(BigInteger value, long bound) {
        if (value.bitLength() < 64) return Long.compare(value.longValue(), bound);
        return value.signum();
    }

    /** {@code value} compared with {@code bound}: negative, zero or positive as it is less, equal or greater. */
    public static int compare(BigDecimal value, long bound) {
        return value.compareTo(BigDecimal.valueOf(bound));
    }
}
