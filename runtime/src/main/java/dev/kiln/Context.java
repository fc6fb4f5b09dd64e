package dev.kiln;

import dev.kiln.json.JsonCodec;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

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
 * {@link #text}, {@link #html}, {@link #json}, {@link #bytes}. Chain: {@link #next()}, {@link #abort()}.
 *
 * <p>This class is the API only: it holds no state, and the server supplies the one implementation (its pooled
 * context, which also carries the request's life cycle, out of reach of handlers). A subclass of your own can stand
 * in for it where code that takes a {@code Context} is tested without a server.
 */
public abstract class Context {
    /** The content type of text bodies: Kiln writes text as UTF-8 only, so it says so. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    /** The content type of JSON bodies; no charset, since JSON is UTF-8 by definition (RFC 8259 §8.1). */
    public static final String APPLICATION_JSON = "application/json";
    /** The content type of HTML bodies, such as a rendered template's. */
    public static final String TEXT_HTML = "text/html; charset=utf-8";
    /** The content type of byte bodies that name none of their own. */
    public static final String OCTET_STREAM = "application/octet-stream";

    /** For the server's pooled context, and for stand-ins in tests. */
    protected Context() {}

    // ---- chain -----------------------------------------------------------------------------------------

    /**
     * Runs the rest of the chain now (the next middleware, ..., the handler) and returns when it is done,
     * so code after {@code next()} runs after the handler and sees the response it set. Calling it again
     * runs nothing twice. An exception from a later link aborts the chain before it reaches the caller.
     */
    public abstract void next() throws Exception;

    /** Stops the links of the chain that have not run yet. Note that this does not stop the current one. */
    public abstract void abort();

    /** Sets the status, then {@link #abort()}s. */
    public final void abortWithStatus(int status) {
        status(status);
        abort();
    }

    /** Whether {@link #abort()} was called for this request. */
    public abstract boolean isAborted();

    /** The matched route: its method, template, handler and chain, as constants of the generated code. */
    public abstract RouteInfo route();

    // ---- request ---------------------------------------------------------------------------------------

    /** The request method, such as {@code "GET"}. */
    public abstract String method();

    /** The raw request path as sent, without the query: percent-escapes are kept. */
    public abstract String path();

    /** The path parameter {@code name} of the matched route, percent-decoded; null when the route has none. */
    public abstract String param(String name);

    /** The {@code k}-th path parameter of the matched route, percent-decoded; generated code binds by position. */
    public abstract String param(int k);

    /** The length of the {@code k}-th path parameter as sent, before decoding. Allocation-free. */
    public abstract int rawParamLength(int k);

    /** The first value of query parameter {@code name}, decoded; null when absent. */
    public final String query(String name) {
        List<String> values = queries(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name}, decoded, in request order; empty when absent. */
    public abstract List<String> queries(String name);

    /** The first value of request header {@code name} (case-insensitive); null when absent. */
    public abstract String header(String name);

    /** Every value of request header {@code name}, in request order; empty when absent. */
    public abstract List<String> headers(String name);

    /** The value of cookie {@code name} from the {@code Cookie} header (RFC 6265); null when absent. */
    public abstract String cookie(String name);

    /** The request body; empty, never null, when there is none. The array is the context's own: copy it to keep it. */
    public abstract byte[] body();

    /**
     * The request body as a stream. On a route that streams its body ({@code @Body InputStream}, which must be
     * {@code @Blocking}) the bytes come as the client sends them, reading waits for them, the route's
     * {@link dev.kiln.annotation.MaxBodySize} applies as they come (a read past it throws the 413), and {@link #body()}
     * may not be called; read it once. Elsewhere, the gathered body.
     */
    public abstract InputStream bodyStream();

    /** The request body decoded as UTF-8. */
    public final String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * An immutable copy of the request for work that outlives it or runs on another thread: method, path, path
     * parameters, query, headers, body, route and attributes, taken now. It is not pooled, so it stays valid
     * after the request ends and any thread may read it.
     */
    public abstract RequestCopy copy();

    // ---- attributes ------------------------------------------------------------------------------------

    /** Stores a value for later links of this request's chain (Gin's {@code c.Set}). */
    public abstract Context set(String key, Object value);

    /** A value stored by {@link #set}, or null. */
    public abstract Object get(String key);

    // ---- response --------------------------------------------------------------------------------------

    /** Sets the response status (200 unless set), from 200 to 599: a final status, never an interim 1xx. */
    public abstract Context status(int status);

    /** The response status set so far. */
    public abstract int status();

    /** Sets a response header, replacing any value it had. */
    public abstract Context header(String name, String value);

    /** A response header set so far, or null. */
    public abstract String responseHeader(String name);

    /** Responds with text as {@code text/plain; charset=utf-8}. */
    public final Context text(CharSequence body) {
        return body(body, TEXT_PLAIN);
    }

    /**
     * Responds with HTML as {@code text/html; charset=utf-8}: what generated code calls with a template model's
     * rendered page. The text is sent as it is: escaping is the template's work.
     */
    public final Context html(CharSequence body) {
        return body(body, TEXT_HTML);
    }

    /** Responds with a JSON document already serialised. */
    public final Context json(CharSequence body) {
        return body(body, APPLICATION_JSON);
    }

    /** Responds with {@code value} as JSON, written by {@code adapter}. */
    public final <T> Context json(JsonCodec.Adapter<T> adapter, T value) {
        return body(adapter.write(value), APPLICATION_JSON);
    }

    /**
     * Responds with a {@link Response}: its status and headers, and its body as a handler's return value
     * would be written (text, bytes, or JSON through the application's codec).
     */
    public abstract Context respond(Response response);

    /**
     * Responds with {@code problem}'s status and body, written as every error Kiln produces is written (RFC 9457's
     * {@code application/problem+json} unless the application set another {@link ProblemRenderer}): for exception
     * handlers and middleware that answer with an error of their own.
     */
    public abstract Context problem(Problem problem);

    /** Responds with bytes as {@code application/octet-stream}. */
    public final Context bytes(byte[] body) {
        return body(body, OCTET_STREAM);
    }

    /** Responds with the buffer's remaining bytes (copied) as {@code application/octet-stream}. */
    public final Context bytes(ByteBuffer body) {
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return body(copy, OCTET_STREAM);
    }

    /** Responds with text of the given content type, written as UTF-8. */
    public abstract Context body(CharSequence body, String contentType);

    /** Responds with bytes of the given content type. */
    public abstract Context body(byte[] body, String contentType);

    /**
     * Responds with {@code length} bytes of {@code file} from {@code position}, of the given content type, sent
     * from the file to the socket without passing through the heap ({@code sendfile} on Linux) where the transport
     * allows it. The server takes the channel: it closes it once the response is written, or fails, or is replaced
     * by another body or an error answer; the caller must not use or close it after this call. For {@code HEAD} the
     * length is sent and the file is not read. The response is never compressed. This is what
     * {@link dev.kiln.files.StaticMount} answers with.
     *
     * @throws UnsupportedOperationException in a stand-in context of a test that does not implement it
     */
    public Context file(FileChannel file, long position, long length, String contentType) {
        throw new UnsupportedOperationException(getClass().getName() + " does not send files");
    }

    /**
     * Starts a response of unknown length, written in pieces with the {@link ResponseStream} returned, from this
     * thread or any other: an export, a feed, an event stream. The status and headers set so far go out as they are
     * with {@code contentType}, and the {@link #onResponse} listeners run now: set what the response needs first.
     * What the context is told of its response afterwards is not sent. The connection waits for the stream's
     * {@link ResponseStream#close() close()}; it may outlive the handler (and this context, which the handler must not
     * keep). An exception from the chain before the stream was written to from a worker discards it, and the request
     * is answered as for any failure; after that the connection is closed, which the client sees as a cut response.
     */
    public abstract ResponseStream stream(String contentType);

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
     * Runs {@code listener} when the response is settled, just before it is written: right after the chain for a
     * route that answers when its chain returns; when the result or failure is in for one that returned a
     * {@code CompletionStage}; after the server's own answer for a request no route matched. The context is live
     * then and its {@link #status()} is the one the client gets (a 500 for an unanswered failure), so this is where
     * an access log or a metric reads it; a listener may still set headers (except on the server's generic 500,
     * which carries none of the context's headers). Listeners run in the order added, on
     * the request's event loop (or worker), once; one that throws is logged and the others still run.
     */
    public abstract Context onResponse(Consumer<? super Context> listener);

    /**
     * Answers when {@code stage} completes instead of when the chain returns: the server keeps this context
     * (and the connection's later responses, in order) until then, and writes the result with {@code writer}
     * on the request's event loop; a failed stage goes to error handling like a thrown exception.
     */
    public abstract <T> void defer(CompletionStage<T> stage, ResultWriter<? super T> writer);
}
