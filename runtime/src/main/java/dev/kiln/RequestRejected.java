package dev.kiln;


/**
 * A request the generated binding code turned away before the handler ran, with the status and the short
 * JSON body the client gets. Thrown by {@link dev.kiln.bind.Params} and caught by the generated code, which then answers
 * with {@link #respond}; a handler may throw one too. It carries no stack trace: it is not a failure of the
 * server, and creating it must stay cheap.
 */
public abstract class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected RequestRejected(String message) {
        super(message, null, false, false);
    }

    /** The HTTP status, such as 400. */
    public abstract int status();

    /** The JSON body. */
    public abstract String body();

    /** Answers the request with this status and body and stops the chain. */
    public final void respond(Context ctx) {
        ctx.json(body());
        ctx.abortWithStatus(status());
    }

    /** {@code s} as a JSON string literal. */
    protected static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
