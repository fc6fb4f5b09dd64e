package dev.kiln.processor.model;

/**
 * How a raw request value becomes a handler parameter, decided at compile time.
 *
 * @param kind     the conversion of one value
 * @param wrapper  how that value is wrapped: not at all, {@code Optional}, {@code List}, or a nullable box
 * @param javaType the parameter's declared type, such as {@code Optional<Integer>}
 * @param element  the type of one value, such as {@code int} or {@code UUID}
 * @param expected what a malformed value should have been, for the 400 body, such as {@code "int"}
 * @param factory  for {@link Kind#FACTORY}, what converts, such as {@code UUID.fromString}; else null
 */
public record Conversion(Kind kind, Wrapper wrapper, JavaType javaType, JavaType element, String expected, Factory factory) {

    /**
     * A static method or constructor that makes a value from text.
     *
     * @param type   the class it makes
     * @param method the static method's name, such as {@code fromString}; null for a constructor taking a String
     */
    public record Factory(JavaType.Declared type, String method) {}

    /** The conversion of one value. */
    public enum Kind {
        /** The {@code Context} itself. */
        CONTEXT,
        /** A {@code ResponseStream}: the response, started with the route's media type. */
        STREAM,
        /** An {@code EventStream}: the response as Server-Sent Events. */
        EVENT_STREAM,
        /** {@code String} or {@code CharSequence}: the value as sent (decoded). */
        STRING,
        /** A primitive or its box: {@code Params.toInt} and friends. */
        PRIMITIVE,
        /** An enum constant by name. */
        ENUM,
        /** A static {@code valueOf}/{@code of}/{@code parse} or a {@code String} constructor. */
        FACTORY,
        /** The body as {@code byte[]}. */
        BODY_BYTES,
        /** The body as an {@code InputStream}, streamed to the handler as it arrives. */
        BODY_STREAM,
        /** The body as text. */
        BODY_TEXT,
        /** The body read as JSON. */
        BODY_JSON
    }

    /** How a converted value is wrapped. */
    public enum Wrapper {
        NONE, OPTIONAL, LIST, NULLABLE
    }

    /** The same conversion of each value, wrapped as {@code wrapper} in a parameter of type {@code javaType}. */
    public Conversion wrapped(Wrapper wrapper, JavaType javaType) {
        return new Conversion(kind, wrapper, javaType, element, expected, factory);
    }
}
