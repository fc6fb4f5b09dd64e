package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.RequestCopy;
import dev.kiln.RequestRejected;
import dev.kiln.Response;
import dev.kiln.ResponseStream;
import dev.kiln.RouteInfo;
import dev.kiln.bind.InvalidRequest;
import dev.kiln.bind.UnsupportedMediaType;
import dev.kiln.form.FormData;
import dev.kiln.form.FormLimits;
import dev.kiln.form.FormParser;
import dev.kiln.form.FormSource;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.RawPath;
import dev.kiln.routing.Routes;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one {@link Context}: the request and response state a handler reads and writes, and the request's
 * life cycle, which only the server reaches (the class and its life-cycle methods are package-private).
 *
 * <p>{@link #begin} takes a request, {@link #serve} routes it and runs its chain (the router itself calls the
 * first link; a {@code @Blocking} route is only entered, and a worker calls {@link #run}), and {@link #reset}
 * clears every field before the context goes back to its {@link ContextPool}. Every field is private and listed
 * in {@code reset()}, as in Gin's {@code Context.reset}; a test checks, by reflection, that each one is cleared.
 */
final class PooledContext extends Context implements FormSource {
    /** The chain index after {@link #abort()}: past the end of any chain, as in Gin. */
    private static final int ABORTED = Integer.MAX_VALUE / 2;
    private static final byte[] EMPTY = new byte[0];
    /** How many attributes the array made on the first {@link #set} holds before it grows. */
    private static final int INITIAL_ATTRIBUTES = 4;

    private static final Logger log = LoggerFactory.getLogger(PooledContext.class);

    /** The application this context serves: a pool, and so a context, belongs to one. */
    private final Routes routes;
    /** The server's exception handlers, which answer a failure where it is raised, in {@link #next()}. */
    private final ExceptionMapper exceptions;
    /** How errors are written: RFC 9457's problem+json unless the application set another renderer. */
    private final ProblemRenderer problems;
    /** The status a failed validation is answered with: 400, or 422 when the server is set so. */
    private final int validationStatus;
    /** The bounds a form body is read within. */
    private final FormLimits formLimits;
    /** Where the router writes this request's parameter offsets; reused, so matching allocates nothing. */
    private final Starter match;
    /** The headers of the response being built; cleared, not replaced, between requests. */
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();

    // Request. Only two references are stored per request (the URI and Netty's request): every reference
    // store into a long-lived object costs a GC write barrier, so the rest are ints or derived on demand.
    /** The request method as a {@link Methods} bit; {@link Methods#NONE} for one no route can declare. */
    private int methodBit;
    /** The request target as received, path and query, percent-escapes kept. */
    private String uri;
    /** Where the path ends in {@link #uri}: the index of its {@code ?}, else its length. */
    private int pathEnd;
    /** Netty's request, which holds the headers and the body; null when the server answers without one. */
    private HttpRequest request;
    /** The body copied out of Netty's buffer on first read, since most handlers never read it. */
    private byte[] requestBody;
    /** The query string decoded on first read, since most handlers never read it. */
    private Map<String, List<String>> queryParams;
    /** The request's form, read on the first {@link #form()}; closed (its temporary files deleted) by {@link #reset()}. */
    private FormData form;

    // Route and chain.
    /** The matched route's index in {@link #routes}; -1 until the router has matched one. */
    private int route = -1;
    /** The link of the chain running now: -1 before the first, {@link #ABORTED} once aborted. */
    private int index = -1;
    /** How many links the matched route's chain has, its handler included. */
    private int chainLength;
    /** How many path parameters the matched route has: the offsets in {@link #match} that belong to it. */
    private int paramCount;

    // Response.
    /** The response status: 200 unless {@code @Status}, a middleware or the handler set another. */
    private int status = 200;
    /** A text body, kept as given until the response is encoded; null when the body is bytes or absent. */
    private CharSequence responseText;
    /** A byte body; null when the body is text or absent. */
    private byte[] responseBytes;
    /** The content type of the body set; null when none was. */
    private String contentType;
    /** A file body ({@link #file}): the channel, which the context owns until the server takes it, and its range. */
    private FileChannel responseFile;
    private long filePosition;
    private long fileLength;

    // A result still to come: the handler returned a CompletionStage (only async routes store these).
    /** The result a handler promised by returning a {@code CompletionStage}; null for every other route. */
    private CompletionStage<?> deferred;
    /** Writes {@link #deferred}'s value into the response once it completes. */
    private ResultWriter<?> deferredWriter;

    // A response in pieces (only streaming routes store these).
    /** The response {@link #stream} started; null for every other route. */
    private StreamedResponse stream;
    /**
     * The connection, for a stream started on a {@code @Blocking} route's worker, which writes to it at once; set
     * by the hand-off only, so that no other route pays a reference store for it.
     */
    private ResponseOrder connection;

    /**
     * Values middleware hands to later links ({@link #set}): keys and values in turn, {@link #attributeCount} pairs.
     * Made on first use and kept across requests, emptied by {@link #reset()}, so that a middleware storing a value
     * per request (a request id) allocates nothing for it once the context has served one such request.
     */
    private Object[] attributes;
    /** How many key and value pairs {@link #attributes} holds for this request. */
    private int attributeCount;
    /** What runs when the response is settled ({@link #onResponse}); made on first use. */
    private List<Consumer<? super Context>> responseListeners;
    /**
     * A failure of the chain that no exception handler answered, on its way out through the links that called
     * {@code next()}: they see it thrown, and it is not offered to the handlers again.
     */
    private Throwable unanswered;

    /**
     * Counts the context's requests: odd while it serves one, even while it waits in its pool. Every accessor
     * checks it; a use-after-release message says which request the context served last.
     */
    private int generation;
    /** The route of the request this context last served, kept to name it in a use-after-release error. */
    private int lastRoute = -1;
    /**
     * The thread the request runs on: the event loop that owns the context's pool, or the worker running a
     * {@code @Blocking} route. Set when the context is made and moved only for blocking routes, so the common
     * path stores no reference per request.
     */
    private Thread owner = Thread.currentThread();

    /** A context for the routes of one application, with no exception handlers and the default errors. */
    PooledContext(Routes routes) {
        this(routes, ExceptionMapper.NONE, ProblemRenderer.json(), 400, FormLimits.DEFAULTS);
    }

    /** A context for the routes of one application; its parameter buffer fits their longest route. */
    PooledContext(Routes routes, ExceptionMapper exceptions, ProblemRenderer problems, int validationStatus,
                  FormLimits formLimits) {
        this.routes = routes;
        this.exceptions = exceptions;
        this.problems = problems;
        this.validationStatus = validationStatus;
        this.formLimits = formLimits;
        this.match = new Starter(routes.maxParams(), this);
    }

    /** The context's own {@link PathMatch}: the router that finds a route enters it here and runs its first link. */
    private static final class Starter extends PathMatch {
        private final PooledContext context;

        Starter(int maxParams, PooledContext context) {
            super(maxParams, true);
            this.context = context;
        }

        @Override
        public Context start(int route) {
            PooledContext c = context;
            c.enter(route);
            c.index = 0;
            return c;
        }
    }

    // ---- life cycle: the server's ------------------------------------------------------------------------

    /**
     * Takes a request: its method bit, the raw target {@code uri} whose path is {@code uri[0, pathEnd)}, and
     * Netty's request for headers and body (null for none).
     */
    void begin(int methodBit, String uri, int pathEnd, HttpRequest request) {
        generation = (generation + 1) | 1; // odd: serving; also when a caller begins twice without a reset
        this.route = -1; // serve() tells a route the router entered by this; so must a begin without a reset
        this.paramCount = 0;
        this.methodBit = methodBit;
        this.uri = uri;
        this.pathEnd = pathEnd;
        this.request = request;
    }

    /**
     * Routes the request begun and runs the matched route's chain. A generated router calls the first link
     * itself, from the branch of the tree that matched; this runs the links after it that no middleware ran
     * through {@code next()}. A {@link dev.kiln.annotation.Blocking} route is entered but not run: the caller
     * hands it to a worker, which calls {@link #run}. A bad request is answered as in {@link #next()}; any
     * other exception from the chain aborts it and reaches the caller. When no route matches, the application's
     * global middleware run, and then {@link UnmatchedAnswer} writes the server's answer: a 404, 405, ...
     *
     * @return the route's index, or -1 when none matched; then {@link #allowedMethods()} says why
     */
    int serve() throws Exception {
        int found;
        try {
            found = routes.match(methodBit, uri, pathEnd, match);
            if (found < 0) return serveUnmatched();
            if (route == found) {
                index++; // the router entered the route and ran its first link
            } else if (enter(found).blocking()) {
                return found; // entered only
            } else {
                index = 0; // a router that only matches (one written by hand): the chain runs from here
            }
            runLinks();
        } catch (RequestRejected rejected) {
            reject(rejected);
            return route;
        } catch (Throwable t) {
            index = ABORTED;
            failed(t);
            return route;
        }
        return found;
    }

    /**
     * No route matched: the application's global middleware still run, then the server's answer, as a chain.
     * A method of its own, so that {@link #serve} stays small enough for the JIT to inline.
     *
     * @return -1
     */
    private int serveUnmatched() throws Exception {
        chainLength = routes.globalMiddlewareCount() + 1;
        index = 0;
        runUnmatchedLinks();
        return -1;
    }

    /**
     * Answers the request begun with one of the server's endpoints: a chain of one link, with no route and no
     * middleware, so that {@link #next()} there does nothing. A bad request is answered as in {@link #next()}; any
     * other exception goes to the exception handlers, and what they leave reaches the caller.
     */
    void serveEndpoint(Endpoint endpoint) throws Exception {
        chainLength = 1;
        index = 0;
        try {
            endpoint.handle(this);
            index++;
        } catch (RequestRejected rejected) {
            reject(rejected);
        } catch (Throwable t) {
            index = ABORTED;
            failed(t);
        }
    }

    /** The index of the route entered in the route table, or -1 when none is. */
    int routeIndex() {
        return route;
    }

    /** After {@link #serve} found no route: the methods of the routes whose path matched, as {@link Methods} bits. */
    int allowedMethods() {
        return match.allowed;
    }

    /** Records the matched route, so that {@link #run} can drive its chain; returns its constants. */
    RouteInfo enter(int route) {
        RouteInfo info = routes.route(route);
        this.route = route;
        this.chainLength = info.chainLength();
        this.paramCount = info.paramCount();
        this.index = -1;
        return info;
    }

    /** Runs the matched route's chain from its first link; exceptions reach the caller once. */
    void run() throws Exception {
        next();
    }

    /** Netty's request, for the server writing the response; null when the server answers without one. */
    HttpRequest request() {
        return request;
    }

    /** The request's method, as a {@link Methods} bit. */
    int methodBit() {
        return methodBit;
    }

    /** Where the path ends in {@link #uri()}. */
    int pathEnd() {
        return pathEnd;
    }

    /** The routes this context serves. */
    Routes routes() {
        return routes;
    }

    /** The raw request target, path and query, as received. */
    String uri() {
        return uri;
    }

    /** The status the chain set, for the server writing the response. */
    int responseStatus() {
        return status;
    }

    /** The headers the chain set, for the server writing the response. */
    HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** The response body set as text, or null. */
    CharSequence responseText() {
        return responseText;
    }

    /** The response body set as bytes, or null. */
    byte[] responseBytes() {
        return responseBytes;
    }

    /** The content type of the body set, or null when none was set. */
    String contentType() {
        return contentType;
    }

    /** Whether the body is a file ({@link #file}): one null check, all a response without one pays. */
    boolean hasFile() {
        return responseFile != null;
    }

    /**
     * The file body set with {@link #file}, handed to the caller, which must close it: the context forgets it (read
     * {@link #filePosition} and {@link #fileLength} first). Null when the body is not a file.
     */
    FileChannel takeFile() {
        FileChannel f = responseFile;
        responseFile = null;
        filePosition = 0;
        fileLength = 0;
        return f;
    }

    /** Where the file body starts in its file. */
    long filePosition() {
        return filePosition;
    }

    /** How many bytes of the file the body is. */
    long fileLength() {
        return fileLength;
    }

    /** Closes a file body the server did not take (the response was replaced, or never written). */
    private void dropFile() {
        if (responseFile == null) return;
        try {
            takeFile().close();
        } catch (IOException e) {
            // Only read from: nothing is lost, and the channel is released either way.
        }
    }

    /** Whether this context is in its pool, released from its last request. */
    boolean isReleased() {
        return (generation & 1) == 0;
    }

    /** How many times the context began or ended a request: odd while it serves one. */
    int generation() {
        return generation;
    }

    /**
     * Hands the context to {@code thread}, the only one that may use it from now on: the worker about to run a
     * {@code @Blocking} route, and the event loop again when the worker is done. The hand-over itself (an
     * executor's queue) makes the context's fields visible to the new owner.
     */
    void bindTo(Thread thread) {
        this.owner = thread;
    }

    /** Tells a context about to run on a {@code @Blocking} route's worker its connection, for {@link #stream}. */
    void connectTo(ResponseOrder connection) {
        this.connection = connection;
    }

    /** The response the chain started to stream, or null. */
    StreamedResponse streamed() {
        return stream;
    }

    /**
     * Readies the response for an exception handler: status 500 and no body, so that what the chain had written
     * before it failed is not sent half-done. Headers set so far (a request id, say) stay.
     */
    void resetForError() {
        status = 500;
        responseText = null;
        responseBytes = null;
        contentType = null;
        dropFile();
    }

    /** The stage a handler deferred its answer to, or null when the chain answered when it returned. */
    CompletionStage<?> deferred() {
        return deferred;
    }

    /**
     * Writes the deferred stage's result into the response, as the generated code told {@link #defer} to, and
     * forgets the stage: the context answers now.
     */
    @SuppressWarnings("unchecked")
    void settle(Object value) throws Exception {
        ResultWriter<Object> writer = (ResultWriter<Object>) deferredWriter;
        deferred = null;
        deferredWriter = null;
        writer.write(this, value);
    }

    /** Forgets the deferred stage after it failed; the failure is answered like a thrown exception. */
    void abandonDeferred() {
        deferred = null;
        deferredWriter = null;
    }

    /**
     * The response is settled and about to be written with {@code status}: records the status (the server's own
     * answers, such as 404 or 500, are not set by the chain) and runs the {@link #onResponse} listeners, once. A
     * listener that throws is logged, and the others still run.
     */
    void responding(int status) {
        this.status = status;
        List<Consumer<? super Context>> listeners = responseListeners;
        if (listeners == null) return;
        responseListeners = null;
        for (Consumer<? super Context> listener : listeners) {
            try {
                listener.accept(this);
            } catch (Throwable t) {
                if (ExceptionMapper.isFatal(t)) throw (VirtualMachineError) t;
                log.warn("An onResponse listener of {} failed", route < 0 ? path() : routes.route(route), t);
            }
        }
    }

    /**
     * Clears every field, so that nothing of this request can be seen by the next; then marks the context
     * released. The routes, the parameter buffer, the header map and the attribute array are the context's own and
     * are kept: the header map and the attribute array emptied, the offsets left (only the next route's own are readable, see {@code param(int)}), and
     * the owner left, since a context is released on its event loop, which owns it.
     */
    void reset() {
        int served = route;
        methodBit = 0;
        uri = null;
        pathEnd = 0;
        request = null;
        requestBody = null;
        queryParams = null;
        closeForm();
        match.allowed = 0; // the offsets stay: param(k) reads only the paramCount that the next route writes
        paramCount = 0;
        route = -1;
        index = -1;
        chainLength = 0;
        status = 200;
        if (!responseHeaders.isEmpty()) responseHeaders.clear();
        responseText = null;
        responseBytes = null;
        contentType = null;
        if (responseFile != null) dropFile(); // with its position and length: a request without one stores nothing
        if (attributeCount > 0) {
            Arrays.fill(attributes, null); // the array stays, for the next request
            attributeCount = 0;
        }
        responseListeners = null;
        unanswered = null;
        deferred = null;
        deferredWriter = null;
        stream = null;
        connection = null;
        lastRoute = served;
        generation = (generation + 1) & ~1; // even: released; unchanged for a context that never began
    }

    // ---- chain -------------------------------------------------------------------------------------------

    @Override
    public void next() throws Exception {
        checkLive();
        index++;
        try {
            if (route >= 0) {
                runLinks();
            } else {
                runUnmatchedLinks(); // a global middleware of a request no route matched called next()
            }
        } catch (RequestRejected rejected) {
            // A bad request (from binding, or thrown by a handler or middleware) is answered here, where it was
            // raised: 400, 415 or 422 and the chain aborted; links outside see that status after their next().
            reject(rejected);
        } catch (Throwable t) {
            // A link that throws aborts the chain: a middleware that catches the exception from next() and
            // returns must not have the links after the failed one (the handler, say) run behind its back.
            // Gin keeps going unless the recovering middleware aborts; failing closed is the safer default.
            index = ABORTED;
            failed(t);
        }
    }

    /** Answers a request turned away with its problem, at the status set for failed validations, and aborts. */
    private void reject(RequestRejected rejected) {
        Problem problem = rejected.problem();
        if (rejected instanceof InvalidRequest && problem.status() != validationStatus) {
            problem = problem.withStatus(validationStatus);
        }
        problem(problem);
        index = ABORTED;
    }

    /**
     * Answers a failure of the chain where it was raised, so that the links that called {@code next()} see the
     * response the client gets: the exception handler registered for it writes its response, and the chain
     * returns normally, aborted, as for a bad request. A failure no handler answers (or whose handler throws)
     * leaves the context at 500 with no body and goes on out through those links, once.
     *
     * <p>Returns normally when a handler answered; otherwise throws the failure to pass on.
     */
    private void failed(Throwable t) {
        if (t == unanswered || ExceptionMapper.isFatal(t)) rethrow(t);
        Throwable left = exceptions.handle(t, this);
        if (left == null) return;
        unanswered = left;
        resetForError();
        rethrow(left);
    }

    /** Throws any throwable as it is, from a method that does not declare it: a failure goes on out unchanged. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /** Runs the links from {@link #index} to the end of the chain; a link that calls next() runs the rest itself. */
    private void runLinks() throws Exception {
        while (index < chainLength) {
            routes.step(route, index, this);
            index++;
        }
    }

    /**
     * {@link #runLinks()} for a request no route matched: the global middleware from {@link #index}, then the
     * server's answer. Apart from it, so that a route's chain runs exactly the loop above.
     */
    private void runUnmatchedLinks() throws Exception {
        while (index < chainLength) {
            if (index < chainLength - 1) {
                routes.stepGlobal(index, this);
            } else {
                UnmatchedAnswer.answer(this);
            }
            index++;
        }
    }

    @Override
    public void abort() {
        checkLive();
        index = ABORTED;
    }

    @Override
    public boolean isAborted() {
        checkLive();
        return index >= ABORTED;
    }

    @Override
    public RouteInfo route() {
        checkLive();
        return route < 0 ? null : routes.route(route);
    }

    // ---- request -----------------------------------------------------------------------------------------

    @Override
    public String method() {
        checkLive();
        return Methods.name(methodBit);
    }

    @Override
    public String path() {
        checkLive();
        return uri.substring(0, pathEnd);
    }

    @Override
    public String param(String name) {
        checkLive();
        int k = route < 0 ? -1 : routes.route(route).paramIndex(name);
        return k < 0 ? null : param(k);
    }

    @Override
    public String param(int k) {
        checkParam(k);
        return RawPath.decode(uri, match.offsets[2 * k], match.offsets[2 * k + 1]);
    }

    @Override
    public int rawParamLength(int k) {
        checkParam(k);
        return match.offsets[2 * k + 1] - match.offsets[2 * k];
    }

    private void checkParam(int k) {
        checkLive();
        if (k < 0 || k >= paramCount) {
            throw new IndexOutOfBoundsException("parameter " + k + " of a route with " + paramCount);
        }
    }

    @Override
    public List<String> queries(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /** Every query parameter, decoded on first use and kept for the rest of the request. */
    private Map<String, List<String>> queryParams() {
        checkLive();
        if (queryParams == null) {
            queryParams = pathEnd < uri.length()
                    ? new QueryStringDecoder(uri.substring(pathEnd + 1), StandardCharsets.UTF_8, false).parameters()
                    : Map.of();
        }
        return queryParams;
    }

    @Override
    public String header(String name) {
        checkLive();
        return request == null ? null : request.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        checkLive();
        return request == null ? List.of() : request.headers().getAll(name);
    }

    @Override
    public String cookie(String name) {
        checkLive();
        String header = request == null ? null : request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return null;
        for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(name)) return c.value();
        }
        return null;
    }

    @Override
    public InputStream bodyStream() {
        checkLive();
        if (request instanceof StreamedRequest streamed) return streamed.body().inputStream();
        return new ByteArrayInputStream(body());
    }

    @Override
    public byte[] body() {
        checkLive();
        if (request instanceof StreamedRequest) {
            throw new IllegalStateException("the body of " + routes.route(route) + " streams to its handler: read it"
                    + " with bodyStream(), once");
        }
        if (requestBody == null) {
            requestBody = request instanceof FullHttpRequest full && full.content().isReadable()
                    ? ByteBufUtil.getBytes(full.content())
                    : EMPTY;
        }
        return requestBody;
    }

    @Override
    public FormData form() {
        checkLive();
        if (form == null) {
            String type = header("Content-Type");
            FormParser parser = FormParser.of(type, formLimits);
            if (parser == null) throw new UnsupportedMediaType(String.valueOf(type), FormParser.EITHER);
            if (request instanceof StreamedRequest streamed) {
                form = parse(parser, streamed.body().inputStream());
            } else {
                if (request instanceof FullHttpRequest full) parser.offer(full.content());
                form = parser.finish();
            }
        }
        return form;
    }

    /**
     * Reads a form as its body arrives, piece by piece into the parser: on a {@code @Blocking} route that takes file
     * parts, whose body streams, so a large upload goes to its temporary file as it comes, never whole in memory. A
     * failed read (the client left, the body's limit) closes the parser, deleting what it wrote, and is thrown on.
     */
    private static FormData parse(FormParser parser, InputStream body) {
        byte[] piece = new byte[64 * 1024];
        try {
            int n;
            while ((n = body.read(piece)) >= 0) parser.offer(Unpooled.wrappedBuffer(piece, 0, n));
            return parser.finish();
        } catch (IOException e) {
            parser.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /** Deletes the form's temporary files; a failure is logged, since the request is over. */
    private void closeForm() {
        FormData f = form;
        if (f == null) return;
        form = null;
        try {
            f.close();
        } catch (RuntimeException e) {
            log.warn("The form of a request could not be closed", e);
        }
    }

    @Override
    public RequestCopy copy() {
        checkLive();
        RouteInfo matched = route();
        Map<String, String> params = new LinkedHashMap<>();
        if (matched != null) {
            for (int k = 0; k < matched.paramCount(); k++) params.put(matched.params().get(k), param(k));
        }
        return new RequestCopy(method(), path(), matched, params, queryParams(),
                request == null ? new DefaultHttpHeaders() : request.headers().copy(), body().clone(),
                attributeMap());
    }

    /** The attributes set so far, as a map in the order they were first set. */
    private Map<String, Object> attributeMap() {
        if (attributeCount == 0) return Map.of();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 2 * attributeCount; i += 2) map.put((String) attributes[i], attributes[i + 1]);
        return map;
    }

    // ---- attributes --------------------------------------------------------------------------------------

    @Override
    public Context set(String key, Object value) {
        checkLive();
        Objects.requireNonNull(key, "key == null");
        int i = attributeIndex(key);
        if (i >= 0) {
            attributes[i + 1] = value;
            return this;
        }
        i = 2 * attributeCount;
        if (attributes == null) {
            attributes = new Object[2 * INITIAL_ATTRIBUTES];
        } else if (i == attributes.length) {
            attributes = Arrays.copyOf(attributes, 2 * attributes.length);
        }
        attributes[i] = key;
        attributes[i + 1] = value;
        attributeCount++;
        return this;
    }

    @Override
    public Object get(String key) {
        checkLive();
        int i = attributeIndex(key);
        return i < 0 ? null : attributes[i + 1];
    }

    /**
     * Where {@code key} is in {@link #attributes}, or -1. A linear search, since a chain sets a handful at most;
     * keys are usually constants, so the identity check mostly decides.
     */
    private int attributeIndex(String key) {
        for (int i = 0; i < 2 * attributeCount; i += 2) {
            Object k = attributes[i];
            if (k == key || k.equals(key)) return i;
        }
        return -1;
    }

    // ---- response ----------------------------------------------------------------------------------------

    @Override
    public Context status(int status) {
        checkLive();
        this.status = Response.checkStatus(status);
        return this;
    }

    @Override
    public int status() {
        checkLive();
        return status;
    }

    @Override
    public Context header(String name, String value) {
        checkLive();
        responseHeaders.set(name, value);
        return this;
    }

    @Override
    public String responseHeader(String name) {
        checkLive();
        return responseHeaders.get(name);
    }

    @Override
    public Context respond(Response response) {
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

    @Override
    public Context problem(Problem problem) {
        checkLive();
        if (responseFile != null) dropFile();
        this.status = problem.status();
        this.responseBytes = problems.render(problem);
        this.responseText = null;
        this.contentType = problems.contentType();
        return this;
    }

    @Override
    public Context body(CharSequence body, String contentType) {
        checkLive();
        if (responseFile != null) dropFile();
        this.responseText = body;
        this.responseBytes = null;
        this.contentType = contentType;
        return this;
    }

    @Override
    public Context body(byte[] body, String contentType) {
        checkLive();
        if (responseFile != null) dropFile();
        this.responseBytes = body;
        this.responseText = null;
        this.contentType = contentType;
        return this;
    }

    @Override
    public Context file(FileChannel file, long position, long length, String contentType) {
        checkLive();
        Objects.requireNonNull(file, "file == null");
        if (position < 0 || length < 0) throw new IllegalArgumentException("position " + position + ", length " + length);
        if (responseFile != null && responseFile != file) dropFile();
        this.responseFile = file;
        this.filePosition = position;
        this.fileLength = length;
        this.responseText = null;
        this.responseBytes = null;
        this.contentType = contentType;
        return this;
    }

    @Override
    public <T> void defer(CompletionStage<T> stage, ResultWriter<? super T> writer) {
        checkLive();
        this.deferred = Objects.requireNonNull(stage, "stage == null");
        this.deferredWriter = Objects.requireNonNull(writer, "writer == null");
    }

    @Override
    public ResponseStream stream(String contentType) {
        checkLive();
        Objects.requireNonNull(contentType, "contentType == null");
        if (stream != null) throw new IllegalStateException("the response is streamed already");
        if (request == null) throw new IllegalStateException("no connection to stream to");
        responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        responding(status);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.protocolVersion().minorVersion() >= 1;
        boolean headOnly = methodBit == Methods.HEAD || Responses.hasNoContent(status);
        long in = request instanceof FullHttpRequest full ? full.content().readableBytes() : 0;
        stream = new StreamedResponse(Responses.streamHead(status, responseHeaders, keepAlive), headOnly, keepAlive, in,
                request.headers().get(HttpHeaderNames.ACCEPT_ENCODING), connection);
        return stream;
    }

    @Override
    public Context onResponse(Consumer<? super Context> listener) {
        checkLive();
        Objects.requireNonNull(listener, "listener == null");
        if (responseListeners == null) responseListeners = new ArrayList<>(2);
        responseListeners.add(listener);
        return this;
    }

    // ---- confinement -------------------------------------------------------------------------------------

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
