package dev.kiln;

/**
 * A request turned away before or by its handler for what the client sent: a parameter missing or malformed, a
 * body that cannot be read or is of another media type, a failed validation. Thrown by the generated binding code
 * (through {@link dev.kiln.bind.Params}) and by handlers or middleware; the context answers it where it is raised
 * with its {@link #problem()} and aborts the chain, so links outside see that status after their {@code next()}.
 * It carries no stack trace: it is not a failure of the server, and creating it must stay cheap.
 */
public abstract class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected RequestRejected(String message) {
        super(message, null, false, false);
    }

    /** The HTTP status, such as 400. */
    public abstract int status();

    /** The answer: this status, what went wrong, and the parameters or fields at fault. */
    public abstract Problem problem();
}
