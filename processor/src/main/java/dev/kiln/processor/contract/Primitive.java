package dev.kiln.processor.contract;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The primitives a request value can be converted to, each with the {@code Params} method generated code calls
 * and the same rule for the build: a {@code @Default} that every request would be refused for is a compile error.
 * {@code RuntimeContractTest} feeds one list of tricky values to {@link #accepts} and to the runtime's method and
 * requires the same answer for each.
 */
public enum Primitive {
    /** Decimal, as {@code Integer.parseInt} reads it: a sign, no spaces, no {@code _}, in range. */
    INT("int", RuntimeContract.PARAMS_TO_INT, parses(Integer::parseInt)),
    LONG("long", RuntimeContract.PARAMS_TO_LONG, parses(Long::parseLong)),
    SHORT("short", RuntimeContract.PARAMS_TO_SHORT, parses(Short::parseShort)),
    BYTE("byte", RuntimeContract.PARAMS_TO_BYTE, parses(Byte::parseByte)),
    /** Finite only: {@code NaN} and infinities are refused. */
    DOUBLE("double", RuntimeContract.PARAMS_TO_DOUBLE, v -> Double.isFinite(Double.parseDouble(v))),
    FLOAT("float", RuntimeContract.PARAMS_TO_FLOAT, v -> Float.isFinite(Float.parseFloat(v))),
    /** {@code true} or {@code false} in any case, nothing else. */
    BOOLEAN("boolean", RuntimeContract.PARAMS_TO_BOOLEAN, v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")),
    CHAR("char", RuntimeContract.PARAMS_TO_CHAR, v -> v.length() == 1);

    private final String keyword;
    private final Member converter;
    private final Predicate<String> rule;

    Primitive(String keyword, Member converter, Predicate<String> rule) {
        this.keyword = keyword;
        this.converter = converter;
        this.rule = rule;
    }

    /** Accepts what {@code parser} parses without a {@link NumberFormatException}. */
    private static Predicate<String> parses(Function<String, ?> parser) {
        return v -> {
            parser.apply(v);
            return true;
        };
    }

    /** The primitive whose keyword this is ({@code "int"}), or null. */
    public static Primitive of(String keyword) {
        for (Primitive p : values()) {
            if (p.keyword.equals(keyword)) return p;
        }
        return null;
    }

    /** The Java keyword, which is also what a 400 body says was expected: {@code "int"}. */
    public String keyword() {
        return keyword;
    }

    /** The static {@code Params} method that converts a raw value, such as {@code toInt(raw, name, in)}. */
    public Member converter() {
        return converter;
    }

    /** Whether the converter accepts {@code value} (a present one; absence is another matter). */
    public boolean accepts(String value) {
        try {
            return rule.test(value);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
