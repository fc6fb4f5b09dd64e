package dev.kiln.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.RequestCopy;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's (or the proxy's) {@code X-Request-Id} when it sends a sane one, a new one
 * otherwise. The id goes back in the response's {@code X-Request-Id}, and later links and the handler read it with
 * {@link #of(Context)}; {@link AccessLog} writes it on the request's line and {@link Recovery} logs it with a failure.
 *
 * <pre>{@code
 * @KilnApplication
 * @Use({Recovery.class, RequestId.class, AccessLog.class})
 * public final class App {}
 *
 * @Get("/orders/:id")
 * public Order get(@PathParam long id, Context ctx) {
 *     log.info("order {} asked for in request {}", id, RequestId.of(ctx));
 *     ...
 * }
 * }</pre>
 *
 * <p>An incoming id is sane when it is 1 to {@link Builder#maxLength} characters of visible ASCII without {@code ,},
 * {@code ;} or {@code "}: nothing that could split a log line or a header list. Anything else is replaced, not
 * cleaned. A new id is 16 lower-case hex digits from {@link ThreadLocalRandom}: cheap (no lock, no entropy pool), and
 * unique enough to find a request in the logs, but not a secret; note that an incoming id is whatever the client
 * says, so never trust it for anything but correlation ({@link Builder#trustIncoming(boolean)} turns that off at an
 * edge that faces clients).
 *
 * <p>Cost: with an incoming id, nothing allocated by this middleware; without one, the id's string. The id is a
 * context attribute ({@link #ATTRIBUTE}), which the server stores without allocating, and one response header.
 *
 * <p>Kiln does not put the id in SLF4J's MDC: an event loop runs many requests at once, interleaved, so a thread's
 * MDC would have to be set and cleared around every link and every continuation, each a map copy in common logging
 * backends. Log it explicitly with {@link #of(Context)}; a {@code @Blocking} handler, which has its worker thread to
 * itself, may put it in the MDC for its own logging.
 *
 * <p>Immutable, and so safe for every request of the application at once. The public constructor gives the defaults,
 * so {@code @Use(RequestId.class)} needs nothing passed to the generated builder.
 */
public final class RequestId implements Middleware {
    /** The header the id comes in and goes back in, by default. */
    public static final String HEADER = "X-Request-Id";
    /** The context attribute that holds the id, for {@link Context#get} and {@link RequestCopy#get}. */
    public static final String ATTRIBUTE = "dev.kiln.middleware.RequestId";
    /** The longest incoming id kept, by default. */
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** The longest {@link Builder#maxLength} may be: ids are for logs, not payloads. */
    public static final int MAX_LENGTH_LIMIT = 1024;

    private final String header;
    private final int maxLength;
    private final boolean trustIncoming;

    /** The defaults: {@value #HEADER}, incoming ids of up to {@value #DEFAULT_MAX_LENGTH} characters kept. */
    public RequestId() {
        this(builder());
    }

    private RequestId(Builder b) {
        this.header = b.header;
        this.maxLength = b.maxLength;
        this.trustIncoming = b.trustIncoming;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id of {@code ctx}'s request, or null when no {@code RequestId} has run in its chain (yet). */
    public static String of(Context ctx) {
        return ctx.get(ATTRIBUTE) instanceof String id ? id : null;
    }

    /** The id of the copied request, or null when no {@code RequestId} had run in its chain when it was copied. */
    public static String of(RequestCopy copy) {
        return copy.get(ATTRIBUTE) instanceof String id ? id : null;
    }

    @Override
    public void handle(Context ctx) {
        String id = trustIncoming ? ctx.header(header) : null;
        if (!isSane(id, maxLength)) id = newId();
        ctx.set(ATTRIBUTE, id);
        ctx.header(header, id);
    }

    /** A new id: 16 hex digits, the first never 0, so every id has the same length. */
    static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** Whether {@code id} is 1 to {@code maxLength} visible ASCII characters other than {@code , ; "}. */
    static boolean isSane(String id, int maxLength) {
        if (id == null || id.isEmpty() || id.length() > maxLength) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ',' || c == ';' || c == '"') return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "RequestId[" + header + (trustIncoming ? ", incoming kept up to " + maxLength : ", always new") + "]";
    }

    /** Configures a {@link RequestId}; each setter replaces what was set before. */
    public static final class Builder {
        private String header = HEADER;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private boolean trustIncoming = true;

        private Builder() {}

        /** The header the id is read from and written to; default {@value RequestId#HEADER}. */
        public Builder header(String name) {
            Objects.requireNonNull(name, "name == null");
            if (name.isEmpty()) throw new IllegalArgumentException("header name is empty");
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!token) throw new IllegalArgumentException("header name '" + name + "' is not a token (RFC 9110 §5.1)");
            }
            this.header = name;
            return this;
        }

        /** The longest incoming id kept, 1 to {@value RequestId#MAX_LENGTH_LIMIT}; a longer one is replaced. */
        public Builder maxLength(int maxLength) {
            if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
                throw new IllegalArgumentException("maxLength must be 1 to " + MAX_LENGTH_LIMIT + ", not " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Whether a sane incoming id is kept (the default) or every request gets a new one: turn it off where clients
         * reach the service directly and ids must be the service's own.
         */
        public Builder trustIncoming(boolean trust) {
            this.trustIncoming = trust;
            return this;
        }

        /** The configured middleware. */
        public RequestId build() {
            return new RequestId(this);
        }
    }
}
