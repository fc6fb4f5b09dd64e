package dev.kiln.processor.model;

/**
 * How one handler parameter gets its value.
 *
 * @param source       where the value comes from
 * @param name         the path, query, header or cookie name (empty for {@link Source#BODY} and {@link Source#CONTEXT})
 * @param conversion   how the raw value becomes the parameter's type
 * @param javaName     the parameter's name in source, for messages and generated locals
 * @param defaultValue the {@code @Default} value, or null
 * @param validation   its constraints ({@code @NotBlank}, {@code @Size}, ...), and whether its records are checked
 */
public record Binding(Source source, String name, Conversion conversion, String javaName, String defaultValue,
                      Constraint.Validation validation) {

    /** A binding with nothing to validate. */
    public Binding(Source source, String name, Conversion conversion, String javaName, String defaultValue) {
        this(source, name, conversion, javaName, defaultValue, Constraint.Validation.NONE);
    }

    /** Where a handler parameter's value comes from. */
    public enum Source {
        PATH("path"), QUERY("query"), HEADER("header"), COOKIE("cookie"), BODY("body"), CONTEXT("context");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** The lower-case word used in messages and error bodies. */
        public String label() {
            return label;
        }
    }

    /**
     * Whether binding can turn the request away (a missing or malformed value) or the value has constraints to check,
     * so that it is bound into a local before the handler is called.
     */
    public boolean canReject() {
        if (!validation.constraints().isEmpty()) return true;
        return switch (conversion.kind()) {
            case CONTEXT, STREAM, EVENT_STREAM, BODY_BYTES, BODY_STREAM, BODY_TEXT -> false;
            case STRING -> source != Source.PATH && conversion.wrapper() == Conversion.Wrapper.NONE && defaultValue == null;
            default -> true;
        };
    }
}
