package dev.kiln.processor.model;

import java.util.List;

/**
 * One Jakarta Bean Validation constraint on a handler parameter or a record component, read at compile time and
 * checked by generated code.
 *
 * @param kind    which constraint
 * @param subject what the constrained value is, as the check needs to know it
 * @param min     {@code @Size}'s min; {@code @Min}'s value; else 0
 * @param max     {@code @Size}'s max; {@code @Max}'s value; else 0
 * @param regex   {@code @Pattern}'s regular expression; else null
 * @param message what a violation says: the annotation's own {@code message}, or Jakarta's default for it
 */
public record Constraint(Kind kind, Subject subject, long min, long max, String regex, String message) {

    /** The constraints Kiln checks, by their annotation's simple name in {@code jakarta.validation.constraints}. */
    public enum Kind {
        NOT_NULL("NotNull"), NOT_EMPTY("NotEmpty"), NOT_BLANK("NotBlank"), SIZE("Size"), MIN("Min"), MAX("Max"),
        POSITIVE("Positive"), POSITIVE_OR_ZERO("PositiveOrZero"), PATTERN("Pattern"), EMAIL("Email");

        private final String annotation;

        Kind(String annotation) {
            this.annotation = annotation;
        }

        /** The annotation's simple name, such as {@code NotBlank}. */
        public String annotation() {
            return annotation;
        }

        /** Whether a null value breaks it; every other constraint lets null pass (Jakarta's rule). */
        public boolean refusesNull() {
            return this == NOT_NULL || this == NOT_EMPTY || this == NOT_BLANK;
        }
    }

    /** What the constrained value is, which decides how the check reads it. */
    public enum Subject {
        /** A {@code CharSequence}: {@code length()}. */
        TEXT,
        /** A {@code Collection}: {@code size()}. */
        COLLECTION,
        /** A {@code Map}: {@code size()}. */
        MAP,
        /** An array: {@code length}. */
        ARRAY,
        /** A primitive integer ({@code byte}, {@code short}, {@code int}, {@code long}): compared with operators. */
        INTEGRAL,
        /** A box of an integer: compared with operators once it is known not to be null. */
        INTEGRAL_BOX,
        /** {@code float} or {@code double}. */
        FLOATING,
        /** {@code Float} or {@code Double}. */
        FLOATING_BOX,
        /** {@code BigInteger}. */
        BIG_INTEGER,
        /** {@code BigDecimal}. */
        BIG_DECIMAL,
        /** Any other reference: only {@code @NotNull} applies. */
        OTHER;

        /** Whether a value of this subject can be null. */
        public boolean nullable() {
            return this != INTEGRAL && this != FLOATING;
        }
    }

    /**
     * The constraints of one parameter or component, and whether its records are checked too ({@code @Valid}).
     *
     * @param constraints in the order they were written
     * @param cascade     whether the record it holds, or each record of its list or array, is checked with its own
     *                    constraints: {@code @Valid}, or a {@code @Body}
     */
    public record Validation(List<Constraint> constraints, boolean cascade) {
        /** Nothing to check. */
        public static final Validation NONE = new Validation(List.of(), false);

        public Validation {
            constraints = List.copyOf(constraints);
        }

        /** Whether there is nothing to check. */
        public boolean isEmpty() {
            return constraints.isEmpty() && !cascade;
        }
    }
}
