package dev.kiln.form;

import dev.kiln.Problem;
import dev.kiln.RequestRejected;

/**
 * A form body turned away as a whole: 400 when it is malformed or has too many parts, 413 when it or one of its
 * parts is larger than its limit. A field that is missing or of the wrong type is a {@link dev.kiln.bind.BadRequest}.
 */
public final class FormRejected extends RequestRejected {
    private static final long serialVersionUID = 1L;

    private final int status;

    FormRejected(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the body is not a well-formed form of its declared type, or has more parts than allowed. */
    static FormRejected malformed(String why) {
        return new FormRejected(400, "form body: " + why);
    }

    /** 413: the body, or one part of it, is larger than allowed. */
    static FormRejected tooLarge(String why) {
        return new FormRejected(413, "form body: " + why);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Problem problem() {
        return Problem.of(status, getMessage());
    }
}
