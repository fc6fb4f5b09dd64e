package dev.kiln.processor.model;

/**
 * How one handler parameter gets its value.
 *
 * @param source   where the value comes from
 * @param name     the path, query or header name (empty for {@link Source#BODY} and {@link Source#CONTEXT})
 * @param type     how the value is converted
 * @param javaName the parameter's name in source, for messages
 */
public record Binding(Source source, String name, ValueType type, String javaName) {

    /** Where a handler parameter's value comes from. */
    public enum Source {
        PATH("path"), QUERY("query"), HEADER("header"), BODY("body"), CONTEXT("context");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** The lower-case word used in messages and error bodies. */
        public String label() {
            return label;
        }
    }

    /** The Java types a parameter can be converted to. */
    public enum ValueType {
        STRING, BYTES, CONTEXT
    }
}
