package dev.kiln.server;

import dev.kiln.ExceptionHandler;
import dev.kiln.ProblemRenderer;
import dev.kiln.compression.Compression;
import dev.kiln.form.FormLimits;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Routes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's settings, and {@link #start()}: {@code Kiln.server(routes).port(8080).start()}.
 *
 * <p>The pipeline per connection is {@code HttpServerCodec → RequestHandler}: Netty parses and bounds the request;
 * the handler adds the checks Netty leaves out, gathers the body ({@link RequestReader}), routes the request and
 * runs the generated chain, on the event loop or, for {@code @Blocking} routes, on virtual threads (a bounded pool
 * on Java 17). Each event loop's {@link Connections} timer closes slow and idle connections.
 *
 * <p>Every limit has a named default below and a setter; a request over one gets the status the RFC names and
 * the connection is closed, while the server goes on serving everyone else. Every setter that takes a value can also
 * be set from the environment, a system property or a properties file: see {@link Settings}.
 */
public final class KilnServer {
    /** Netty's switch for the JFR events its buffer allocator reports. */
    public static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    static {
        // Netty 4.2's allocator declares JFR events, and registering them starts JFR's metadata repository: some
        // 130 ms and 200 classes on the first request, even with no recording running. Off unless the application
        // set the property itself (-Dio.netty.jfr.enabled=true keeps them). Set before any Netty class reads it.
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
            if (io.netty.util.internal.PlatformDependent.isJfrEnabled()) {
                LoggerFactory.getLogger(KilnServer.class).debug("Netty's JFR events stay on: the application used"
                        + " Netty before the first KilnServer, so Netty had read {} already; pass"
                        + " -D{}=false to turn them off", NETTY_JFR_PROPERTY, NETTY_JFR_PROPERTY);
            }
        }
    }

    /** Netty's switch for the process id in its channel ids. */
    static final String NETTY_PROCESS_ID_PROPERTY = "io.netty.processId";

    static {
        // Netty reads the process id for its channel ids (DefaultChannelId) through reflection on ProcessHandle, as
        // it runs on Java 8: ~2 ms of start-up making the reflective accessors. The same number, read directly.
        long pid = ProcessHandle.current().pid();
        if (System.getProperty(NETTY_PROCESS_ID_PROPERTY) == null && pid <= Integer.MAX_VALUE) { // Netty's range
            System.setProperty(NETTY_PROCESS_ID_PROPERTY, Long.toString(pid));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(KilnServer.class);
    /** How long a failed start waits for what it started to stop. */
    private static final long STOP_SECONDS = 5;
    /** The longest request line accepted; longer gets 414 (RFC 9112 §3). */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** The most header bytes accepted; more gets 431 (RFC 6585 §5). */
    public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
    /** The most header fields accepted; more gets 431 (RFC 6585 §5). */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** The largest request body accepted; larger gets 413 and the body is not read (RFC 9110 §15.5.14). */
    public static final int DEFAULT_MAX_BODY_SIZE = 8 * 1024 * 1024;
    /** How long a client may take to send a request's head once it has begun; then the connection closes. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(20);
    /** How long a connection may send nothing while no response is pending; then it closes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link RunningServer#close()} lets in-flight requests finish before it closes their connections. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** The most platform threads for {@code @Blocking} routes where there are no virtual threads (Java 17). */
    public static final int DEFAULT_BLOCKING_THREADS = 200;
    /** Requests that may wait for a platform thread of that pool; more get 503. Not used with virtual threads. */
    public static final int DEFAULT_BLOCKING_QUEUE = 10_000;
    /**
     * Requests one connection may pipeline behind a response made off the event loop ({@code @Blocking} or
     * {@code CompletionStage}); a client that sends more is disconnected.
     */
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1024;
    /** Connections the kernel holds for the server before it accepts them ({@code listen(2)}'s backlog). */
    public static final int DEFAULT_ACCEPT_BACKLOG = 1024;
    /** How often an HTTPS server looks at its certificate and key files for a change to reload. */
    public static final Duration DEFAULT_TLS_RELOAD_INTERVAL = Duration.ofSeconds(10);
    /** Streams one HTTP/2 client may have open at once; it is told so in SETTINGS, and more are refused. */
    public static final int DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS = 100;
    /** The largest HTTP/2 header list accepted, decoded, as RFC 9113 §6.5.2 counts it; larger gets 431. */
    public static final int DEFAULT_HTTP2_MAX_HEADER_LIST_SIZE = 16 * 1024;
    /** The largest HTTP/2 frame payload accepted (RFC 9113's smallest allowed maximum, its default). */
    public static final int DEFAULT_HTTP2_MAX_FRAME_SIZE = 16 * 1024;
    /** The HTTP/2 flow-control window each stream starts with, bytes a client may send before it waits (RFC 9113's default). */
    public static final int DEFAULT_HTTP2_INITIAL_WINDOW_SIZE = 65_535;
    /** The largest body of an {@code Upgrade: h2c} request, read whole before the upgrade; larger gets 413. */
    static final int MAX_UPGRADE_BODY = 64 * 1024;

    private final Routes routes;
    private String host = "0.0.0.0";
    private int port = 8080;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private int listeners = 1;
    private int maxRequestLine = DEFAULT_MAX_REQUEST_LINE;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
    private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
    private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private int formMemoryThreshold = FormLimits.DEFAULT_MEMORY_THRESHOLD;
    private int maxFormParts = FormLimits.DEFAULT_MAX_PARTS;
    private int maxFormPartSize = (int) FormLimits.DEFAULT_MAX_PART_SIZE;
    private int maxFormSize = (int) FormLimits.DEFAULT_MAX_FORM_SIZE;
    private Path uploadDirectory;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration blockingTimeout = Duration.ZERO;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private boolean pooling = true;
    private boolean printRoutes = !"false".equals(System.getProperty("kiln.routes.print"));
    private boolean virtualThreads = true;
    private int blockingThreads = DEFAULT_BLOCKING_THREADS;
    private int blockingQueue = DEFAULT_BLOCKING_QUEUE;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private int acceptBacklog = DEFAULT_ACCEPT_BACKLOG;
    private boolean h2c;
    private int http2MaxConcurrentStreams = DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS;
    private int http2MaxHeaderListSize = DEFAULT_HTTP2_MAX_HEADER_LIST_SIZE;
    private int http2MaxFrameSize = DEFAULT_HTTP2_MAX_FRAME_SIZE;
    private int http2InitialWindowSize = DEFAULT_HTTP2_INITIAL_WINDOW_SIZE;
    private Transport transport;
    private Path tlsCert;
    private Path tlsKey;
    private String tlsKeyPassword;
    private Path tlsPkcs12;
    private String tlsPkcs12Password;
    private TlsProvider tlsProvider;
    private Duration tlsReloadInterval = DEFAULT_TLS_RELOAD_INTERVAL;
    private final Map<Class<?>, ExceptionHandler<?>> exceptionHandlers = new LinkedHashMap<>();
    private ProblemRenderer problems = ProblemRenderer.json();
    private Compression compression;
    private int validationStatus = 400;
    private Duration drainDelay = Duration.ZERO;
    private final List<ServerObserver> observers = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private RequestScopes<Object> scopes;
    private final ServerStats stats = new ServerStats();

    /** Settings for serving {@code routes}, all at their defaults; {@link dev.kiln.server.Kiln#server(Routes)} reads better. */
    public KilnServer(Routes routes) {
        this.routes = Objects.requireNonNull(routes, "routes == null");
    }

    /** The TCP port; 0 binds a free ephemeral one (see {@link RunningServer#port()}). Default 8080. */
    public KilnServer port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        this.port = port;
        return this;
    }

    /** The address to listen on. Default all interfaces. */
    public KilnServer host(String host) {
        this.host = Objects.requireNonNull(host, "host == null");
        return this;
    }

    /** The number of event loops (threads serving connections). Default: one per core. */
    public KilnServer eventLoops(int eventLoops) {
        if (eventLoops < 1) throw new IllegalArgumentException("eventLoops < 1: " + eventLoops);
        this.eventLoops = eventLoops;
        return this;
    }

    /**
     * Binds the port {@code listeners} times with {@code SO_REUSEPORT}, each socket accepting on its own event
     * loop, so that the kernel spreads new connections over them. Linux epoll only: with NIO the server binds once
     * and logs why. Default 1: one listening socket, no {@code SO_REUSEPORT}.
     */
    public KilnServer reusePort(int listeners) {
        if (listeners < 1) throw new IllegalArgumentException("reusePort < 1: " + listeners);
        this.listeners = listeners;
        return this;
    }

    /** The largest request body accepted, in bytes; larger gets 413. Default {@value #DEFAULT_MAX_BODY_SIZE}. */
    public KilnServer maxBodySize(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxBodySize < 0: " + bytes);
        this.maxBodySize = bytes;
        return this;
    }

    /**
     * The bytes of one file part of a {@code multipart/form-data} body kept in memory; a larger part is written to
     * a temporary file in {@link #uploadDirectory}, deleted when its request ends. Default
     * {@value FormLimits#DEFAULT_MEMORY_THRESHOLD}.
     */
    public KilnServer formMemoryThreshold(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("formMemoryThreshold < 0: " + bytes);
        this.formMemoryThreshold = bytes;
        return this;
    }

    /** The most fields and parts in one form body; more gets 400. Default {@value FormLimits#DEFAULT_MAX_PARTS}. */
    public KilnServer maxFormParts(int parts) {
        if (parts < 1) throw new IllegalArgumentException("maxFormParts < 1: " + parts);
        this.maxFormParts = parts;
        return this;
    }

    /** The largest field or part of a form body, in bytes; larger gets 413. Default 8 MiB. */
    public KilnServer maxFormPartSize(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxFormPartSize < 0: " + bytes);
        this.maxFormPartSize = bytes;
        return this;
    }

    /**
     * The largest form body, in bytes; larger gets 413. Default 8 MiB. Note that {@link #maxBodySize} bounds every
     * body before it is read as a form: raise both for larger uploads.
     */
    public KilnServer maxFormSize(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxFormSize < 0: " + bytes);
        this.maxFormSize = bytes;
        return this;
    }

    /** Where file parts larger than {@link #formMemoryThreshold} are written while their request lasts. Default {@code java.io.tmpdir}. */
    public KilnServer uploadDirectory(Path directory) {
        this.uploadDirectory = Objects.requireNonNull(directory, "directory == null");
        return this;
    }

    /** The longest request line accepted, in bytes; longer gets 414. Default {@value #DEFAULT_MAX_REQUEST_LINE}. */
    public KilnServer maxRequestLine(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("maxRequestLine < 64: " + bytes);
        this.maxRequestLine = bytes;
        return this;
    }

    /** The most header bytes accepted; more gets 431. Default {@value #DEFAULT_MAX_HEADER_SIZE}. */
    public KilnServer maxHeaderSize(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("maxHeaderSize < 64: " + bytes);
        this.maxHeaderSize = bytes;
        return this;
    }

    /** The most header fields accepted; more gets 431. Default {@value #DEFAULT_MAX_HEADER_COUNT}. */
    public KilnServer maxHeaderCount(int fields) {
        if (fields < 1) throw new IllegalArgumentException("maxHeaderCount < 1: " + fields);
        this.maxHeaderCount = fields;
        return this;
    }

    /**
     * How long a client may take to send a request's head, from its first byte; a slower one is closed, so that
     * a client trickling its headers (slowloris) holds a connection for no longer. Default 20 s.
     */
    public KilnServer headerTimeout(Duration timeout) {
        this.headerTimeout = positive(timeout, "headerTimeout");
        return this;
    }

    /** How long a connection may be silent while the server owes it nothing; then it is closed. Default 60 s. */
    public KilnServer idleTimeout(Duration timeout) {
        this.idleTimeout = positive(timeout, "idleTimeout");
        return this;
    }

    /**
     * How long the chain of a {@code @Blocking} route may run: past it, its client is answered 503 ("did not answer
     * within ...") and its connection closed, and the worker is interrupted, so that work blocked in a sleep, a lock
     * or interruptible I/O stops. A handler that ignores the interrupt keeps its worker until it returns; what it
     * answers then is dropped. A response the chain has begun to stream is not cut. Default 0: no deadline.
     */
    public KilnServer blockingTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "blockingTimeout == null");
        if (timeout.isNegative()) throw new IllegalArgumentException("blockingTimeout < 0: " + timeout);
        this.blockingTimeout = timeout;
        return this;
    }

    /**
     * How long {@link RunningServer#close()} waits for in-flight requests before closing their connections.
     * Default 30 s.
     */
    public KilnServer shutdownTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "shutdownTimeout == null");
        if (timeout.isNegative()) throw new IllegalArgumentException("shutdownTimeout < 0: " + timeout);
        this.shutdownTimeout = timeout;
        return this;
    }

    /**
     * How long {@link RunningServer#close()} keeps serving, readiness already failing, before it closes the listener
     * and drains: long enough for a load balancer's health check to see the 503 and stop sending new connections,
     * so that none is refused. Default 0: close at once. Set it above the balancer's check interval times its
     * failure count (HAProxy's {@code inter} × {@code fall}); on Kubernetes a {@code preStop} pause does the same.
     */
    public KilnServer drainDelay(Duration delay) {
        Objects.requireNonNull(delay, "drainDelay == null");
        if (delay.isNegative()) throw new IllegalArgumentException("drainDelay < 0: " + delay);
        this.drainDelay = delay;
        return this;
    }

    /**
     * Whether the server's port also accepts HTTP/2 in clear text: a client that starts with the HTTP/2 preface
     * (prior knowledge, {@code curl --http2-prior-knowledge}, {@code h2load}) and one whose first request asks for
     * {@code Upgrade: h2c} ({@code curl --http2}, the JDK's {@code HttpClient}) are served over HTTP/2, on the same
     * routes. For a server behind a proxy or load balancer that speaks h2c to its backends. Each connection is
     * looked at once, on its first bytes and its first request; HTTP/1.1 connections then cost what they did
     * without it. Default off.
     */
    public KilnServer h2c(boolean h2c) {
        this.h2c = h2c;
        return this;
    }

    /**
     * The most streams one HTTP/2 client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS); a stream over it is
     * refused with RST_STREAM {@code REFUSED_STREAM}. Default {@value #DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS}.
     */
    public KilnServer http2MaxConcurrentStreams(int streams) {
        if (streams < 1) throw new IllegalArgumentException("http2MaxConcurrentStreams < 1: " + streams);
        this.http2MaxConcurrentStreams = streams;
        return this;
    }

    /**
     * The largest HTTP/2 header list accepted, in bytes as RFC 9113 §6.5.2 counts them (names, values and 32 per
     * field, decoded); a larger one is refused, and the connection is closed when it is far larger. Default 16 KiB.
     */
    public KilnServer http2MaxHeaderListSize(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("http2MaxHeaderListSize < 64: " + bytes);
        this.http2MaxHeaderListSize = bytes;
        return this;
    }

    /**
     * The largest HTTP/2 frame payload the server accepts (SETTINGS_MAX_FRAME_SIZE): 16 KiB to 16 MiB - 1
     * (RFC 9113 §6.5.2). Default 16 KiB.
     */
    public KilnServer http2MaxFrameSize(int bytes) {
        if (bytes < 16_384 || bytes > 16_777_215) {
            throw new IllegalArgumentException("http2MaxFrameSize not in 16384..16777215: " + bytes);
        }
        this.http2MaxFrameSize = bytes;
        return this;
    }

    /**
     * The flow-control window of each HTTP/2 stream (SETTINGS_INITIAL_WINDOW_SIZE): how many bytes of a request
     * body a client may send before the server has read them. Larger lets uploads go faster over long paths, at
     * that much memory per stream. Default {@value #DEFAULT_HTTP2_INITIAL_WINDOW_SIZE}.
     */
    public KilnServer http2InitialWindowSize(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("http2InitialWindowSize < 0: " + bytes);
        this.http2InitialWindowSize = bytes;
        return this;
    }

    /**
     * Answers {@code GET} and {@code HEAD} at exactly {@code path} with {@code endpoint}, ahead of the routes and
     * their middleware: health probes and metrics scrapes, which must answer even when the application's
     * middleware would turn them away. A path registered twice is an error.
     */
    public KilnServer endpoint(String path, Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint == null");
        String wrong = Endpoints.check(path);
        if (wrong != null) throw new IllegalArgumentException("endpoint path " + path + " " + wrong);
        if (endpoints.putIfAbsent(path, endpoint) != null) {
            throw new IllegalArgumentException("endpoint path " + path + " is registered already");
        }
        return this;
    }

    /**
     * Tells {@code observer} about every request the server answers (see {@link ServerObserver}); several observers
     * are told in the order they were added. A server without one reads no clock for it.
     */
    public KilnServer observe(ServerObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer == null"));
        return this;
    }

    /**
     * Opens a scope around each request the routes answer and makes it current wherever the request's code runs
     * (see {@link RequestScopes}): what a tracer needs. One per server; a server without one opens none.
     */
    @SuppressWarnings("unchecked")
    public KilnServer scopes(RequestScopes<?> scopes) {
        Objects.requireNonNull(scopes, "scopes == null");
        if (this.scopes != null) throw new IllegalStateException("the server has request scopes already: " + this.scopes);
        this.scopes = (RequestScopes<Object>) scopes;
        return this;
    }

    /**
     * Lets {@code extension} register its endpoints, observers and scopes: {@code .install(Health.at(...))}.
     */
    public KilnServer install(ServerExtension extension) {
        Objects.requireNonNull(extension, "extension == null").install(this);
        return this;
    }

    /** The server's live figures: connections, context pools, blocking work, event-loop queues; see {@link ServerStats}. */
    public ServerStats stats() {
        return stats;
    }

    /** Turns context pooling off (a new context per request), to measure what the pool saves. Default on. */
    public KilnServer pooling(boolean pooling) {
        this.pooling = pooling;
        return this;
    }

    /**
     * Whether {@code @Blocking} routes run on virtual threads where the JVM has them (Java 21 and newer). Off, or
     * on Java 17, they run on a pool of up to {@link #blockingThreads(int)} platform threads. Default on.
     */
    public KilnServer virtualThreads(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
        return this;
    }

    /** The size of the platform thread pool for {@code @Blocking} routes. Default {@value #DEFAULT_BLOCKING_THREADS}. */
    public KilnServer blockingThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("blockingThreads < 1: " + threads);
        this.blockingThreads = threads;
        return this;
    }

    /**
     * How many {@code @Blocking} requests may wait for a thread of the platform pool before new ones get 503.
     * Default {@value #DEFAULT_BLOCKING_QUEUE}; virtual threads need no queue.
     */
    public KilnServer blockingQueue(int requests) {
        if (requests < 1) throw new IllegalArgumentException("blockingQueue < 1: " + requests);
        this.blockingQueue = requests;
        return this;
    }

    /**
     * How many requests one connection may pipeline behind a response that is made off the event loop; a client
     * that sends more is disconnected. Default {@value #DEFAULT_MAX_QUEUED_REQUESTS}.
     */
    public KilnServer maxQueuedRequests(int requests) {
        if (requests < 1) throw new IllegalArgumentException("maxQueuedRequests < 1: " + requests);
        this.maxQueuedRequests = requests;
        return this;
    }

    /** The listening socket's backlog: connections the kernel queues until they are accepted. Default {@value #DEFAULT_ACCEPT_BACKLOG}. */
    public KilnServer acceptBacklog(int connections) {
        if (connections < 1) throw new IllegalArgumentException("acceptBacklog < 1: " + connections);
        this.acceptBacklog = connections;
        return this;
    }

    /** Forces a transport; by default epoll where available, else NIO. */
    public KilnServer transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport == null");
        return this;
    }

    /**
     * Serves HTTPS with the certificate chain in this PEM file (the server's certificate first, then the
     * intermediates), and the private key in {@link #tlsKey}. The files are read when the server starts (a file
     * that cannot be used stops it, naming this setting) and again when they change (see
     * {@link #tlsReloadInterval}) or {@link RunningServer#reloadTls()} is called. Default none: plain HTTP.
     */
    public KilnServer tlsCert(Path certificateChain) {
        this.tlsCert = Objects.requireNonNull(certificateChain, "tlsCert == null");
        return this;
    }

    /**
     * The private key of {@link #tlsCert}: a PEM file in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what
     * {@code openssl req -newkey} writes), RSA, EC or Ed25519, encrypted ({@code BEGIN ENCRYPTED PRIVATE KEY}) if
     * {@link #tlsKeyPassword} is set.
     */
    public KilnServer tlsKey(Path privateKey) {
        this.tlsKey = Objects.requireNonNull(privateKey, "tlsKey == null");
        return this;
    }

    /** The password of an encrypted {@link #tlsKey}. Default none. Kept out of the log. */
    public KilnServer tlsKeyPassword(String password) {
        this.tlsKeyPassword = Objects.requireNonNull(password, "tlsKeyPassword == null");
        return this;
    }

    /**
     * Serves HTTPS with the first private key and its certificate chain in this PKCS#12 file ({@code .p12},
     * {@code .pfx}), instead of the PEM files of {@link #tlsCert} and {@link #tlsKey}. Reloaded as they are.
     */
    public KilnServer tlsPkcs12(Path keyStore) {
        this.tlsPkcs12 = Objects.requireNonNull(keyStore, "tlsPkcs12 == null");
        return this;
    }

    /** The password of {@link #tlsPkcs12}, and of the key in it. Default empty. Kept out of the log. */
    public KilnServer tlsPkcs12Password(String password) {
        this.tlsPkcs12Password = Objects.requireNonNull(password, "tlsPkcs12Password == null");
        return this;
    }

    /**
     * Forces who does the TLS; by default OpenSSL where {@code netty-tcnative-boringssl-static} is on the class path
     * and loads, else the JDK's provider. Forcing OpenSSL where it does not load stops start-up.
     */
    public KilnServer tlsProvider(TlsProvider provider) {
        this.tlsProvider = Objects.requireNonNull(provider, "tlsProvider == null");
        return this;
    }

    /**
     * How often the certificate and key files are checked for a change (their time, size and identity, so a
     * Kubernetes secret's swapped link counts); a change reloads them for new connections, and files that cannot be
     * used are logged and leave the certificate served as it is. {@code 0} checks never: then only
     * {@link RunningServer#reloadTls()} reloads. Default 10 s.
     */
    public KilnServer tlsReloadInterval(Duration interval) {
        Objects.requireNonNull(interval, "tlsReloadInterval == null");
        if (interval.isNegative()) throw new IllegalArgumentException("tlsReloadInterval < 0: " + interval);
        this.tlsReloadInterval = interval;
        return this;
    }

    /**
     * How every error Kiln produces is written: a bad parameter, a body that cannot be read, a failed validation,
     * 404, 405, 413, 415, 500 and the others. Default {@link ProblemRenderer#json()}, RFC 9457's
     * {@code application/problem+json}.
     */
    public KilnServer problems(ProblemRenderer renderer) {
        this.problems = Objects.requireNonNull(renderer, "renderer == null");
        return this;
    }

    /**
     * Compresses response bodies the client accepts compressed (gzip, and the codings added to it), and optionally
     * decompresses gzip request bodies; see {@link Compression}. Default off: a server without it runs none of it.
     */
    public KilnServer compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression == null");
        return this;
    }

    /**
     * The status a request that fails validation is answered with: 400 (the default) or 422, which some APIs use
     * for a request that is well-formed but not acceptable (RFC 9110 §15.5.21).
     */
    public KilnServer validationStatus(int status) {
        if (status != 400 && status != 422) throw new IllegalArgumentException("validationStatus is 400 or 422, not " + status);
        this.validationStatus = status;
        return this;
    }

    /**
     * Answers an exception of {@code type} (or of a subclass) that escapes a route's chain with {@code handler},
     * instead of the generic 500. The handler of the nearest superclass of the exception wins; interfaces are not
     * consulted. Registering a type twice is an error.
     */
    public <T extends Throwable> KilnServer onException(Class<T> type, ExceptionHandler<? super T> handler) {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(handler, "handler == null");
        if (exceptionHandlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException(type.getName() + " already has an exception handler");
        }
        return this;
    }

    /**
     * Calls the setters below with the values {@code settings} found in the environment, system properties and
     * properties file: {@code .settings(Settings.fromEnvironment())}. Where it stands in the chain decides who wins:
     * the values set before it are defaults the environment overrides, a setter called after it overrides the
     * environment.
     *
     * @throws IllegalArgumentException when a value does not parse or its setter refuses it, naming each such value
     *     and the form expected; then none is set
     */
    public KilnServer settings(Settings settings) {
        Objects.requireNonNull(settings, "settings == null").applyTo(this);
        return this;
    }

    /**
     * The handlers of one connection, with the given executor for {@code @Blocking} routes and server-wide state:
     * {@code HttpServerCodec}, then Kiln's {@link RequestHandler} ({@link Http1Pipeline}). Each call has its own
     * context pools. Work done off the event loop comes back through {@code returns}, or through the connection's
     * event loop when it is null.
     */
    ChannelInitializer<Channel> initializer(Executor blocking, ServerState state, Executor returns) {
        List<ContextPool> pools = ServerStats.newPoolList();
        ChannelInitializer<Channel> initializer = initializer(blocking, state, returns, pools);
        starting(new ServerStats.Live(state, null, pools, null));
        return initializer;
    }

    /** {@link #initializer(Executor, ServerState, Executor)}, whose context pools are added to {@code pools}. */
    private ChannelInitializer<Channel> initializer(Executor blocking, ServerState state, Executor returns,
                                                    List<ContextPool> pools) {
        ConnectionSettings settings = connectionSettings(blocking, state, returns, pools, false);
        if (!h2c) return new ConnectionInitializer(ch -> Http1Pipeline.configure(ch.pipeline(), settings));
        // Each h2c handler looks once (the first bytes, the first request) and then leaves the pipeline.
        return new ConnectionInitializer(ch -> ch.pipeline()
                .addLast(Http2Cleartext.NAME, new Http2Cleartext(settings))
                .addLast(Http1Pipeline.CODEC, Http1Pipeline.codec(settings))
                .addLast(Http2Upgrade.NAME, new Http2Upgrade(settings))
                .addLast(Http1Pipeline.HANDLER, new RequestHandler(settings)));
    }

    /**
     * The handlers of one TLS connection ({@link TlsPipeline}), each given the context {@code tls} holds when it is
     * accepted; its handshake must end within the header timeout.
     */
    ChannelInitializer<Channel> tlsInitializer(Executor blocking, ServerState state, Executor returns,
                                               List<ContextPool> pools, TlsContexts tls) {
        ConnectionSettings settings = connectionSettings(blocking, state, returns, pools, true);
        long handshakeMillis = headerTimeout.toMillis();
        return new ConnectionInitializer(ch -> TlsPipeline.configure(ch, tls.current(), settings, handshakeMillis));
    }

    /**
     * The TLS contexts the settings ask for, the first one built; null when they ask for none.
     *
     * @throws ServerStartException naming the setting when the files cannot be used or OpenSSL was forced and does
     *     not load
     */
    private TlsContexts tls() {
        TlsKeys keys;
        try {
            keys = TlsKeys.of(tlsCert, tlsKey, tlsKeyPassword, tlsPkcs12, tlsPkcs12Password);
            if (keys == null) return null;
            TlsProvider provider = tlsProvider != null ? tlsProvider : TlsProvider.best();
            if (provider == TlsProvider.OPENSSL && TlsProvider.openSslUnavailableReason() != null) {
                throw new TlsKeys.Unusable("tlsProvider=openssl, but OpenSSL does not load: "
                        + TlsProvider.openSslUnavailableReason());
            }
            return TlsContexts.start(keys, provider);
        } catch (TlsKeys.Unusable e) {
            throw new ServerStartException(host, port, e.getMessage());
        }
    }

    /** What every connection is given; {@code encrypted} when they are TLS connections. */
    private ConnectionSettings connectionSettings(Executor blocking, ServerState state, Executor returns,
                                                  List<ContextPool> pools, boolean encrypted) {
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderSize)
                .setHeadersFactory(RequestHeaders.FACTORY) // counts Host and Content-Length lines for RequestReader
                // Both are Netty's defaults, but defaults a system property can turn off JVM-wide: said here, so that
                // a bare LF is no line end and Transfer-Encoding with Content-Length or in HTTP/1.0 is refused
                // whatever else in the JVM wants (RFC 9112 §2.2, §6.1; docs/conformance.md).
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false);
        // Requests the codec lets wait for their responses: the one being served, every request the handler may
        // queue, and the one more that makes it close the connection. Netty's default, 128, would close it with no
        // answer at all well before the handler's own limit.
        int pipelineDepth = maxQueuedRequests + 2;
        return new ConnectionSettings(routes, pooling ? ContextPool.DEFAULT_CAPACITY : 0,
                new ExceptionMapper(exceptionHandlers), problems, validationStatus,
                new FormLimits(formMemoryThreshold, maxFormParts, maxFormPartSize, maxFormSize, uploadDirectory), blocking, returns, state, maxBodySize,
                maxHeaderCount, maxQueuedRequests, compression, observer(),
                endpoints.isEmpty() ? null : new Endpoints(endpoints), scopes, pools, decoderConfig, pipelineDepth,
                encrypted, http2Config(), blockingTimeout.toMillis());
    }

    /** The HTTP/2 settings every connection is given. */
    private Http2Config http2Config() {
        return new Http2Config(http2MaxConcurrentStreams, http2MaxHeaderListSize, http2MaxFrameSize,
                http2InitialWindowSize, shutdownTimeout.toMillis(), Math.min(MAX_UPGRADE_BODY, maxBodySize));
    }

    /**
     * Whether {@link #start()} logs the route table, one line per route, as Gin does in debug mode. Default on;
     * also off with {@code -Dkiln.routes.print=false}.
     */
    public KilnServer printRoutes(boolean printRoutes) {
        this.printRoutes = printRoutes;
        return this;
    }

    /**
     * The route table as {@link #start()} prints it: method, path, handler and the number of links in its chain
     * ({@code GET    /users/:id  --> UserController#get(long) (3 handlers)}), aligned in columns.
     */
    public List<String> routeTable() {
        int method = 0;
        int path = 0;
        for (RouteInfo r : routes.routes()) {
            method = Math.max(method, r.method().length());
            path = Math.max(path, r.path().length());
        }
        List<String> lines = new java.util.ArrayList<>();
        for (RouteInfo r : routes.routes()) {
            // Padded by hand: String.format's first use loads the locale data, some 10 ms of start-up.
            int n = r.chainLength();
            StringBuilder line = new StringBuilder();
            padded(line, r.method(), method).append(' ');
            padded(line, r.path(), path).append(" --> ").append(r.handler());
            line.append(" (").append(n).append(n == 1 ? " handler)" : " handlers)");
            if (r.blocking()) line.append(" @Blocking");
            lines.add(line.toString());
        }
        return lines;
    }

    private static StringBuilder padded(StringBuilder line, String text, int width) {
        line.append(text);
        for (int k = text.length(); k < width; k++) line.append(' ');
        return line;
    }

    /**
     * Binds the port and starts serving; returns once the server accepts connections.
     *
     * @throws ServerStartException when it cannot: the port is in use, say. Whatever the attempt started has been
     *     stopped by then, its threads included, so nothing keeps the process alive.
     */
    public RunningServer start() {
        TlsContexts tls = tls();
        Transport chosen = transport != null ? transport : Transport.best();
        int acceptors = listeners;
        if (acceptors > 1 && !chosen.supportsReusePort()) {
            log.warn("SO_REUSEPORT needs the epoll transport, not {}: binding one listener instead of {}", chosen, acceptors);
            acceptors = 1;
        }
        BlockingExecutor blocking = null;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        List<Channel> bound = new ArrayList<>();
        try {
            blocking = BlockingExecutor.create(virtualThreads, blockingThreads, blockingQueue);
            ServerState state = newState();
            List<ContextPool> pools = ServerStats.newPoolList();
            boss = new MultiThreadIoEventLoopGroup(acceptors, new DefaultThreadFactory("kiln-accept"),
                    chosen.ioHandlerFactory());
            workers = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("kiln-loop"),
                    chosen.ioHandlerFactory());
            ChannelInitializer<Channel> connections = tls == null ? initializer(blocking.executor(), state, null, pools)
                    : tlsInitializer(blocking.executor(), state, null, pools, tls);
            starting(new ServerStats.Live(state, workers, pools, blocking.executor()));
            int boundPort = port;
            for (int i = 0; i < acceptors; i++) {
                // After the first, the port it bound again (port 0 binds an ephemeral one): each bind is a new
                // socket, registered on the next accepting loop.
                bound.add(Acceptor.listen(chosen, boss, workers, connections, new InetSocketAddress(host, boundPort),
                        acceptBacklog, acceptors > 1));
                boundPort = ((InetSocketAddress) bound.get(0).localAddress()).getPort();
            }
            if (printRoutes) {
                for (String line : routeTable()) log.info("route {}", line);
            }
            String why = chosen == Transport.NIO ? Transport.epollUnavailableReason() : null;
            long blockingRoutes = routes.routes().stream().filter(RouteInfo::blocking).count();
            log.info("Kiln serving {} routes on {}:{} {}({} transport{}, {} event loops, {}, context pooling {}; "
                            + "{} @Blocking routes on {})",
                    routes.routes().size(), host, boundPort, tls == null ? "" : "over HTTPS ", chosen,
                    why == null ? "" : "; epoll unavailable: " + why,
                    eventLoops, acceptors == 1 ? "1 listener" : acceptors + " listeners with SO_REUSEPORT",
                    pooling ? "on" : "off", blockingRoutes, blocking.description());
            if (tls != null) {
                String noOpenSsl = tls.provider() == TlsProvider.JDK ? TlsProvider.openSslUnavailableReason() : null;
                log.info("TLS by {}{}: {}, ALPN {}; certificate {}; {}", tls.provider().description(),
                        noOpenSsl == null ? "" : " (OpenSSL unavailable: " + noOpenSsl + ")",
                        String.join(" and ", TlsContexts.VERSIONS), String.join(", ", TlsPipeline.PROTOCOLS),
                        tls.certificate(), tlsReloadInterval.isZero() ? "reloaded by RunningServer.reloadTls()"
                                : "files checked for a change every " + tlsReloadInterval.toMillis() + " ms");
                if (!tlsReloadInterval.isZero()) tls.watch(boss.next(), tlsReloadInterval);
            }
            if (h2c) log.info("HTTP/2 in clear text (h2c) accepted on port {}", boundPort);
            return new RunningServer(bound, boss, workers, boundPort, chosen, state, blocking, shutdownTimeout,
                    drainDelay, stats, tls);
        } catch (Throwable e) { // a failed bind is Netty's NativeIoException, checked but thrown unchecked
            stopPartial(bound, boss, workers, blocking);
            if (e instanceof VirtualMachineError fatal) throw fatal;
            throw new ServerStartException(host, port, e);
        }
    }

    /** Points the stats at what serves from now on, and tells the observers the server is starting. */
    private void starting(ServerStats.Live live) {
        stats.attach(live);
        for (ServerObserver o : observers) o.starting(routes.routes(), stats);
        warnShadowedRoutes();
    }

    /** The one observer the connections call: none, the one added, or all of them in order. */
    private ServerObserver observer() {
        if (observers.isEmpty()) return null;
        if (observers.size() == 1) return observers.get(0);
        return new Observers(observers);
    }

    /** Says so when a route can never be reached because a server endpoint has its path. */
    private void warnShadowedRoutes() {
        for (RouteInfo r : routes.routes()) {
            if (endpoints.containsKey(r.path()) && (r.method().equals("GET") || r.method().equals("HEAD"))) {
                log.warn("route {} is never served: the server's endpoint at {} answers first", r, r.path());
            }
        }
    }

    /** Stops what a failed start had started, and waits for its threads to end. */
    private static void stopPartial(List<Channel> bound, EventLoopGroup boss, EventLoopGroup workers,
                                    BlockingExecutor blocking) {
        for (Channel ch : bound) ch.close().awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS);
        for (EventLoopGroup group : new EventLoopGroup[] {boss, workers}) {
            if (group != null) group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS);
        }
        if (blocking != null) blocking.executor().shutdownNow();
    }

    /** The routes this server serves. */
    Routes routes() {
        return routes;
    }

    /** The state shared by the connections of one server. */
    ServerState newState() {
        return new ServerState(headerTimeout.toNanos(), idleTimeout.toNanos());
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " <= 0: " + d);
        return d;
    }
}
