package dev.kiln;

import dev.kiln.RequestRejected;
import dev.kiln.json.JsonCodec;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.RawPath;
import dev.kiln.routing.Routes;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One request and its response, as handlers and middleware see them.
 *
 * <p>A context is taken from its event loop's pool when a request arrives and returned when the response has
 * been written; every field is cleared then, so nothing of one request is visible to the next. It belongs to the
 * thread running its request (the event loop, or the worker of a {@link dev.kiln.annotation.Blocking} route):
 * used after the request ended, or from another thread, it throws {@link IllegalStateException} naming the
 * route. Work that outlives the request or runs elsewhere takes a {@link #copy()}. Note that a reference kept past
 * its request and used while the same pooled context serves a later request on the same thread cannot be told
 * from that request's own: never keep one.
 *
 * <p>Request accessors: {@link #method()}, {@link #path()}, {@link #param(String)}, {@link #query(String)},
 * {@link #header(String)}, {@link #body()}. Response: {@link #status(int)}, {@link #header(String, String)},
 * {@link #text}, {@link #json}, {@link #bytes}. Chain: {@link #next()}, {@link #abort()}.
 */
public abstract class Context {
    /** The chain index after {@link #abort()}: past the end of any chain, as in Gin. */
    protected static final int ABORTED = Integer.MAX_VALUE / 2;

    /** The content type of text bodies: Kiln writes text as UTF-8 only, so it says so. */
    protected static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    /** The content type of JSON bodies; no charset, since JSON is UTF-8 by definition (RFC 8259 §8.1). */
    protected static final String APPLICATION_JSON = "application/json";
    /** The content type of byte bodies that name none of their own. */
    protected static final String OCTET_STREAM = "application/octet-stream";
    private static final byte[] EMPTY = new byte[0];

    /** The application this context serves: a pool, and so a context, belongs to one. */
    protected final Routes routes;
    /** Where the router writes this request's parameter offsets; reused, so matching allocates nothing. */
    protected final PathMatch match;
    /** The headers of the response being built; cleared, not replaced, between requests. */
    protected final HttpHeaders responseHeaders;

    // Request. Only two references are stored per request (the URI and Netty's request): every reference
    // store into a long-lived object costs a GC write barrier, so the rest are ints or derived on demand.
    /** The request method as a {@link Methods} bit; {@link Methods#NONE} for one no route can declare. */
    protected int methodBit;
    /** The request target as received, path and query, percent-escapes kept. */
    protected String uri;
    /** Where the path ends in {@link #uri}: the index of its {@code ?}, else its length. */
    protected int pathEnd;
    /** Netty's request, which holds the headers and the body; null when the server answers without one. */
    protected HttpRequest request;
    /** The body copied out of Netty's buffer on first read, since most handlers never read it. */
    protected byte[] requestBody;
    /** The query string decoded on first read, since most handlers never read it. */
    protected Map<String, List<String>> queryParams;

    // Route and chain.
    /** The matched route's index in {@link #routes}; -1 until the router has matched one. */
    protected int route = -1;
    /** The link of the chain running now: -1 before the first, {@link #ABORTED} once aborted. */
    protected int index = -1;
    /** How many links the matched route's chain has, its handler included. */
    protected int chainLength;
    /** How many path parameters the matched route has: the offsets in {@link #match} that belong to it. */
    protected int paramCount;

    // Response.
    /** The response status: 200 unless {@code @Status}, a middleware or the handler set another. */
    protected int status = 200;
    /** A text body, kept as given until the response is encoded; null when the body is bytes or absent. */
    protected CharSequence responseText;
    /** A byte body; null when the body is text or absent. */
    protected byte[] responseBytes;
    /** The content type of the body set; null when none was. */
    protected String contentType;

    // A result still to come: the handler returned a CompletionStage (only async routes store these).
    /** The result a handler promised by returning a {@code CompletionStage}; null for every other route. */
    protected CompletionStage<?> deferred;
    /** Writes {@link #deferred}'s value into the response once it completes. */
    protected ResultWriter<?> deferredWriter;

    /** Values middleware hands to later links ({@link #set}); made on first use, since most chains set none. */
    protected Map<String, Object> attributes;

    /**
     * Counts the context's requests: odd while it serves one, even while it waits in its pool. Every accessor
     * checks it; a use-after-release message says which request the context served last.
     */
    protected int generation;
    /** The route of the request this context last served, kept to name it in a use-after-release error. */
    protected int lastRoute = -1;
    /**
     * The thread the request runs on: the event loop that owns the context's pool, or the worker running a
     * {@code @Blocking} route. Set when the context is made and moved only for blocking routes, so the common
     * path stores no reference per request.
     */
    protected Thread owner = Thread.currentThread();

    /**
     * For {@link dev.kiln.pool.PooledContext}, the one implementation: the server makes and recycles contexts,
     * and user code only receives them.
     */
    protected Context(Routes routes, PathMatch match, HttpHeaders responseHeaders) {
        this.routes = routes;
        this.match = match;
        this.responseHeaders = responseHeaders;
    }

    // ---- chain -----------------------------------------------------------------------------------------

    /**
     * Runs the rest of the chain now (the next middleware, ..., the handler) and returns when it is done,
     * so code after {@code next()} runs after the handler and sees the response it set. Calling it again
     * runs nothing twice. An exception from a later link aborts the chain before it reaches the caller.
     */
    public final void next() throws Exception {
        checkLive();
        index++;
        try {
            runLinks();
        } catch (RequestRejected rejected) {
            // A bad request (from binding, or thrown by a handler or middleware) is answered here, where it was
            // raised: 400 or 415 and the chain aborted; links outside see that status after their next().
            rejected.respond(this);
        } catch (Throwable t) {
            // A link that throws aborts the chain: a middleware that catches the exception from next() and
            // returns must not have the links after the failed one (the handler, say) run behind its back.
            // Gin keeps going unless the recovering middleware aborts; failing closed is the safer default.
            index = ABORTED;
            throw t;
        }
    }

    /** Runs the links from {@link #index} to the end of the chain; a link that calls next() runs the rest itself. */
    protected final void runLinks() throws Exception {
        while (index < chainLength) {
            routes.step(route, index, this);
            index++;
        }
    }

    /** Stops the links of the chain that have not run yet. Note that this does not stop the current one. */
    public final void abort() {
        checkLive();
        index = ABORTED;
    }

    /** Sets the status, then {@link #abort()}s. */
    public final void abortWithStatus(int status) {
        status(status);
        abort();
    }

    /** Whether {@link #abort()} was called for this request. */
    public final boolean isAborted() {
        checkLive();
        return index >= ABORTED;
    }

    /** The matched route: its method, template, handler and chain, as constants of the generated code. */
    public final RouteInfo route() {
        checkLive();
        return route < 0 ? null : routes.route(route);
    }

    // ---- request ---------------------------------------------------------------------------------------

    /** The request method, such as {@code "GET"}. */
    public final String method() {
        checkLive();
        return Methods.name(methodBit);
    }

    /** The raw request path as sent, without the query: percent-escapes are kept. */
    public final String path() {
        checkLive();
        return uri.substring(0, pathEnd);
    }

    /** The path parameter {@code name} of the matched route, percent-decoded; null when the route has none. */
    public final String param(String name) {
        checkLive();
        int k = route < 0 ? -1 : routes.route(route).paramIndex(name);
        return k < 0 ? null : param(k);
    }

    /** The {@code k}-th path parameter of the matched route, percent-decoded; generated code binds by position. */
    public final String param(int k) {
        checkParam(k);
        return RawPath.decode(uri, match.offsets[2 * k], match.offsets[2 * k + 1]);
    }

    /** The length of the {@code k}-th path parameter as sent, before decoding. Allocation-free. */
    public final int rawParamLength(int k) {
        checkParam(k);
        return match.offsets[2 * k + 1] - match.offsets[2 * k];
    }

    private void checkParam(int k) {
        checkLive();
        if (k < 0 || k >= paramCount) {
            throw new IndexOutOfBoundsException("parameter " + k + " of a route with " + paramCount);
        }
    }

    /** The first value of query parameter {@code name}, decoded; null when absent. */
    public final String query(String name) {
        List<String> values = queries(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name}, decoded, in request order; empty when absent. */
    public final List<String> queries(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /** Every query parameter, decoded on first use and kept for the rest of the request. */
    final Map<String, List<String>> queryParams() {
        checkLive();
        if (queryParams == null) {
            queryParams = pathEnd < uri.length()
                    ? new QueryStringDecoder(uri.substring(pathEnd + 1), StandardCharsets.UTF_8, false).parameters()
                    : Map.of();
        }
        return queryParams;
    }

    /** The first value of request header {@code name} (case-insensitive); null when absent. */
    public final String header(String name) {
        checkLive();
        return request == null ? null : request.headers().get(name);
    }

    /** Every value of request header {@code name}, in request order; empty when absent. */
    public final List<String> headers(String name) {
        checkLive();
        return request == null ? List.of() : request.headers().getAll(name);
    }

    /** The value of cookie {@code name} from the {@code Cookie} header (RFC 6265); null when absent. */
    public final String cookie(String name) {
        checkLive();
        String header = request == null ? null : request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return null;
        for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(name)) return c.value();
        }
        return null;
    }

    /** The request body; empty, never null, when there is none. The array is the context's own: copy it to keep it. */
    public final byte[] body() {
        checkLive();
        if (requestBody == null) {
            requestBody = request instanceof FullHttpRequest full && full.content().isReadable()
                    ? ByteBufUtil.getBytes(full.content())
                    : EMPTY;
        }
        return requestBody;
    }

    /** The request body decoded as UTF-8. */
    public final String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * An immutable copy of the request for work that outlives it or runs on another thread: method, path, path
     * parameters, query, headers, body, route and attributes, taken now. It is not pooled, so it stays valid
     * after the request ends and any thread may read it.
     */
    public final RequestCopy copy() {
        checkLive();
        return new RequestCopy(this);
    }

    // ---- attributes ------------------------------------------------------------------------------------

    /** Stores a value for later links of this request's chain (Gin's {@code c.Set}). */
    public final Context set(String key, Object value) {
        checkLive();
        if (attributes == null) attributes = new HashMap<>();
        attributes.put(key, value);
        return this;
    }

    /** A value stored by {@link #set}, or null. */
    public final Object get(String key) {
        checkLive();
        return attributes == null ? null : attributes.get(key);
    }

    // ---- response --------------------------------------------------------------------------------------

    /** Sets the response status (200 unless set), from 100 to 599. */
    public final Context status(int status) {
        checkLive();
        this.status = Response.checkStatus(status);
        return this;
    }

    /** The response status set so far. */
    public final int status() {
        checkLive();
        return status;
    }

    /** Sets a response header, replacing any value it had. */
    public final Context header(String name, String value) {
        checkLive();
        responseHeaders.set(name, value);
        return this;
    }

    /** A response header set so far, or null. */
    public final String responseHeader(String name) {
        checkLive();
        return responseHeaders.get(name);
    }

    /** Responds with text as {@code text/plain; charset=utf-8}. */
    public final Context text(CharSequence body) {
        return body(body, TEXT_PLAIN);
    }

    /** Responds with a JSON document already serialised. */
    public final Context json(CharSequence body) {
        return body(body, APPLICATION_JSON);
    }

    /**
     * Writes a handler's result into the response once it is there: what generated code passes to
     * {@link #defer} for a handler returning {@code CompletionStage<T>}, such as {@code Context::text}.
     */
    @FunctionalInterface
    public interface ResultWriter<T> {
        /** Writes {@code value}, the completed result, as the response of {@code ctx}'s request. */
        void write(Context ctx, T value) throws Exception;
    }

    /**
     * Answers when {@code stage} completes instead of when the chain returns: the server keeps this context
     * (and the connection's later responses, in order) until then, and writes the result with {@code writer}
     * on the request's event loop; a failed stage goes to error handling like a thrown exception.
     */
    public final <T> void defer(CompletionStage<T> stage, ResultWriter<? super T> writer) {
        checkLive();
        this.deferred = Objects.requireNonNull(stage, "stage == null");
        this.deferredWriter = Objects.requireNonNull(writer, "writer == null");
    }

    /** Responds with {@code value} as JSON, written by {@code adapter}. */
    public final <T> Context json(JsonCodec.Adapter<T> adapter, T value) {
        return body(adapter.write(value), APPLICATION_JSON);
    }

    /**
     * Responds with a {@link Response}: its status and headers, and its body as a handler's return value
     * would be written (text, bytes, or JSON through the application's codec).
     */
    public final Context respond(Response response) {
        status(response.status());
        response.headers().forEach(this::header);
        Object body = response.body();
        String type = null; // a Content-Type the Response sets wins over the one its body's kind implies
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) type = h.getValue();
        }
        if (body instanceof CharSequence text) {
            body(text, type != null ? type : TEXT_PLAIN);
        } else if (body instanceof byte[] bytes) {
            body(bytes, type != null ? type : OCTET_STREAM);
        } else if (body != null) {
            body(routes.anyJson().write(body), type != null ? type : APPLICATION_JSON);
        }
        return this;
    }

    /** Responds with bytes as {@code application/octet-stream}. */
    public final Context bytes(byte[] body) {
        return body(body, OCTET_STREAM);
    }

    /** Responds with the buffer's remaining bytes (copied) as {@code application/octet-stream}. */
    public final Context bytes(java.nio.ByteBuffer body) {
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return body(copy, OCTET_STREAM);
    }

    /** Responds with text of the given content type, written as UTF-8. */
    public final Context body(CharSequence body, String contentType) {
        checkLive();
        this.responseText = body;
        this.responseBytes = null;
        this.contentType = contentType;
        return this;
    }

    /** Responds with bytes of the given content type. */
    public final Context body(byte[] body, String contentType) {
        checkLive();
        this.responseBytes = body;
        this.responseText = null;
        this.contentType = contentType;
        return this;
    }

    private void checkLive() {
        if ((generation & 1) == 0 || owner != Thread.currentThread()) {
            throw notLive();
        }
    }

    /** Says how the context was misused: after its request ended, or from a thread other than its request's. */
    private IllegalStateException notLive() {
        int g = generation; // read once: the owner may be moving it on
        if ((g & 1) == 0) {
            return new IllegalStateException("Context used after its request ended"
                    + (lastRoute < 0 ? "" : "; it served " + routes.route(lastRoute))
                    + " (request " + g / 2 + " of this context). Take what outlives the request with ctx.copy()"
                    + " before the handler returns");
        }
        int current = route;
        return new IllegalStateException("Context of " + (current < 0 ? "a request" : routes.route(current).toString())
                + " used on thread " + Thread.currentThread().getName() + ", but its request runs on " + owner.getName()
                + ". A Context is confined to its request's thread: hand other threads ctx.copy()");
    }
}
