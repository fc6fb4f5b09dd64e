package dev.kiln.bind;

import dev.kiln.Problem;
import dev.kiln.RequestRejected;

/** 415 for a body whose {@code Content-Type} the handler does not read (RFC 9110 §15.5.16). */
public final class UnsupportedMediaType extends RequestRejected {
    private static final long serialVersionUID = 1L;

    /** The {@code Content-Type} the request declared. */
    private final String contentType;
    /** The media type the handler reads. */
    private final String expected;

    /**
     * @param contentType the {@code Content-Type} the request declared
     * @param expected    the media type the handler reads, such as {@code application/json}
     */
    public UnsupportedMediaType(String contentType, String expected) {
        super("body of type " + contentType + ": expected " + expected);
        this.contentType = contentType;
        this.expected = expected;
    }

    @Override
    public int status() {
        return 415;
    }

    @Override
    public Problem problem() {
        return Problem.of(415, getMessage());
    }
}
