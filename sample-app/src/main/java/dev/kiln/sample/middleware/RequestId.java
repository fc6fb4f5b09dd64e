package dev.kiln.sample.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it sends a sane one, a new random one
 * otherwise. The id goes back in the response's {@code X-Request-Id} and into the context as
 * {@code "requestId"} for later links (the access log prints it).
 */
public final class RequestId implements Middleware {
    /** The attribute later links read the id from. */
    public static final String ATTRIBUTE = "requestId";
    private static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 128;

    @Override
    public void handle(Context ctx) {
        String id = ctx.header(HEADER);
        if (!isSane(id)) {
            id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        }
        ctx.set(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** Short, printable ASCII and no separators that could split a log line or a header. */
    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ',' || c == ';' || c == '"') return false;
        }
        return true;
    }
}
