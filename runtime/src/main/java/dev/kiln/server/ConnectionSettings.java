package dev.kiln.server;

import dev.kiln.ProblemRenderer;
import dev.kiln.compression.Compression;
import dev.kiln.form.FormLimits;
import dev.kiln.routing.Routes;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What every connection of one server is given, made once when the server starts: the routes, the context pools,
 * the exception handlers, where {@code @Blocking} routes run, the server's shared state, and the limits a
 * connection enforces itself. One object for all connections, so that each connection's handler holds one
 * reference instead of a copy of each.
 */
final class ConnectionSettings {
    final Routes routes;
    /** How errors are written. */
    final ProblemRenderer problems;
    /** One {@link ContextPool} per event loop. */
    final FastThreadLocal<ContextPool> pools;
    final ExceptionMapper exceptions;
    /** Where {@code @Blocking} routes run. */
    final Executor blocking;
    final ServerState server;
    /** The largest request body, in bytes; larger gets 413. */
    final int maxBodySize;
    /** The most header fields in a request; more gets 431. */
    final int maxHeaderCount;
    /** Requests that may wait behind one answered off the event loop; a client pipelining more is cut off. */
    final int maxQueuedRequests;
    /** How bodies are compressed and decompressed; null for not at all. */
    final Compression compression;
    /**
     * Where work done off the event loop comes back to; null for the connection's own event loop, which is what a
     * server uses. An in-memory connection's test client passes a queue it drains on its own thread.
     */
    final Executor returns;
    /** Told about every request; null for no observer, and then no clock is read for it. */
    final ServerObserver observer;
    /** The server's own endpoints, answered before routing; null for none. */
    final Endpoints endpoints;
    /** The scope around each routed request (a tracer's); null for none, and then none is opened. */
    final RequestScopes<Object> scopes;
    /** The HTTP/1.1 decoder's limits and checks, shared by every connection's codec ({@link Http1Pipeline}). */
    final HttpDecoderConfig decoderConfig;
    /** Requests the HTTP/1.1 codec lets wait for their responses. */
    final int pipelineDepth;
    /**
     * Whether the connections are encrypted (TLS): then a file body goes through the TLS handler in chunks, since
     * {@code sendfile} would bypass it.
     */
    final boolean encrypted;
    /** The HTTP/2 settings and limits, for connections that speak it ({@link Http2Pipeline}). */
    final Http2Config http2;
    /** How long a {@code @Blocking} chain may run before its request is answered 503 (ms); 0: no deadline. */
    final long blockingTimeoutMillis;

    ConnectionSettings(Routes routes, int poolCapacity, ExceptionMapper exceptions, ProblemRenderer problems,
                       int validationStatus, FormLimits formLimits, Executor blocking, Executor returns, ServerState server, int maxBodySize,
                       int maxHeaderCount, int maxQueuedRequests, Compression compression, ServerObserver observer,
                       Endpoints endpoints, RequestScopes<Object> scopes, List<ContextPool> poolList,
                       HttpDecoderConfig decoderConfig, int pipelineDepth, boolean encrypted,
                       Http2Config http2, long blockingTimeoutMillis) {
        this.routes = routes;
        this.problems = problems;
        this.pools = new FastThreadLocal<>() {
            @Override
            protected ContextPool initialValue() {
                ContextPool pool = new ContextPool(routes, exceptions, problems, validationStatus, formLimits,
                        poolCapacity);
                poolList.add(pool); // for ServerStats
                return pool;
            }
        };
        this.exceptions = exceptions;
        this.blocking = blocking;
        this.returns = returns;
        this.server = server;
        this.maxBodySize = maxBodySize;
        this.maxHeaderCount = maxHeaderCount;
        this.maxQueuedRequests = maxQueuedRequests;
        this.compression = compression;
        this.observer = observer;
        this.endpoints = endpoints;
        this.scopes = scopes;
        this.decoderConfig = decoderConfig;
        this.pipelineDepth = pipelineDepth;
        this.encrypted = encrypted;
        this.http2 = http2;
        this.blockingTimeoutMillis = blockingTimeoutMillis;
    }
}
