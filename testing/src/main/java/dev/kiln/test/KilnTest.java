package dev.kiln.test;

import dev.kiln.Problem;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.InMemoryConnections;
import dev.kiln.server.KilnServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs requests through an application's whole pipeline in memory, with no socket: Netty's codec, the
 * generated router and chains, and the response writer, exactly as a server runs them.
 *
 * <pre>{@code
 * KilnTest app = KilnTest.of(ShopAppRoutes.builder().build());
 * KilnTest.Response r = app.get("/orders/42");
 * assertEquals(200, r.status());
 * KilnTest.Response created = app.call("POST", "/orders").header("Authorization", "Bearer t").json("{\"sku\":\"a\"}").send();
 * }</pre>
 *
 * <p>Every documented kind of route answers here: a route returning a {@code CompletionStage} is waited for (up to
 * {@link #timeout(Duration)}, 5 s by default; then the call fails naming the route), and a {@code @Blocking} route
 * runs on the caller's thread, so its response is there as soon as the request is written. Exception handlers and
 * limits come with {@link #of(KilnServer)}. Their threads and their order on a real connection are tested over
 * sockets. Not thread-safe: one connection, one caller.
 */
public final class KilnTest {
    /** How long a request waits for its response by default: a stage that has not completed by then is stuck. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Routes routes;
    private final InMemoryConnections connections;
    private final EmbeddedChannel server;
    private final EmbeddedChannel client;
    private Duration timeout = DEFAULT_TIMEOUT;

    private KilnTest(KilnServer settings) {
        this.connections = new InMemoryConnections(settings);
        this.routes = connections.routes();
        this.server = new EmbeddedChannel(connections.initializer());
        this.client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(Integer.MAX_VALUE));
    }

    /** A test connection to these routes with the default settings. */
    public static KilnTest of(Routes routes) {
        return new KilnTest(new KilnServer(routes));
    }

    /** A test connection to a server with these settings: exception handlers, limits, pooling. */
    public static KilnTest of(KilnServer settings) {
        return new KilnTest(settings);
    }

    /** How long a request waits for a response that comes later (a {@code CompletionStage}). Default 5 s. */
    public KilnTest timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout < 0: " + timeout);
        this.timeout = timeout;
        return this;
    }

    /** One response as the client saw it. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** A response header by name, case-insensitive; null when absent. Repeated fields are joined with ", ". */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body decoded as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body read as an {@code application/problem+json} error ({@link Problems#read}). */
        public Problem problem() {
            return Problems.read(body);
        }
    }

    /** A request being put together: {@code app.call("PUT", "/todos/1").header("X-Tenant", "a").json(body).send()}. */
    public final class Call {
        private final String method;
        private final String uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        private Call(String method, String uri) {
            this.method = Objects.requireNonNull(method, "method == null");
            this.uri = Objects.requireNonNull(uri, "uri == null");
        }

        /** Adds a request header. */
        public Call header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
            return this;
        }

        /** A JSON body, sent as {@code application/json}. */
        public Call json(String json) {
            headers.putIfAbsent("Content-Type", "application/json");
            return body(json.getBytes(StandardCharsets.UTF_8));
        }

        /** A text body, sent as {@code text/plain; charset=utf-8} unless a {@code Content-Type} was set. */
        public Call text(String text) {
            headers.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A body as it is, with whatever {@code Content-Type} was set. */
        public Call body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body == null");
            return this;
        }

        /** Sends the request and returns its response, waiting for one that comes later. */
        public Response send() {
            return request(method, uri, headers, body);
        }
    }

    /** Starts a request for {@code method} and {@code uri}; {@link Call#send()} sends it. */
    public Call call(String method, String uri) {
        return new Call(method, uri);
    }

    /** Sends {@code GET uri} with no header but {@code Host}: {@code app.get("/users/42?fields=name")}. */
    public Response get(String uri) {
        return call("GET", uri).send();
    }

    /** Sends {@code HEAD uri}. */
    public Response head(String uri) {
        return call("HEAD", uri).send();
    }

    /** Sends {@code DELETE uri}. */
    public Response delete(String uri) {
        return call("DELETE", uri).send();
    }

    /** Sends {@code POST uri} with a JSON body. */
    public Response post(String uri, String json) {
        return call("POST", uri).json(json).send();
    }

    /** Sends {@code PUT uri} with a JSON body. */
    public Response put(String uri, String json) {
        return call("PUT", uri).json(json).send();
    }

    /** Sends {@code PATCH uri} with a JSON body. */
    public Response patch(String uri, String json) {
        return call("PATCH", uri).json(json).send();
    }

    /**
     * Sends one HTTP/1.1 request and returns its response, waiting up to {@link #timeout(Duration)} for one that
     * comes later; a {@code Content-Length} is added for a body.
     *
     * @throws AssertionError when no response came in time (it names the route that did not answer), or more
     *     than one did
     */
    public Response request(String method, String uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(uri).append(" HTTP/1.1\r\nHost: test\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = body == null ? h : concat(h, body);
        boolean isHead = method.equals("HEAD");
        List<Response> responses = exchange(all, isHead);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (responses.isEmpty() && server.isOpen()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !awaitReturned(left)) break;
            responses.addAll(exchange(null, isHead));
        }
        if (responses.size() != 1) {
            throw new AssertionError(responses.isEmpty()
                    ? method + " " + uri + ": no response within " + timeout.toMillis() + " ms" + waitingOn(method, uri)
                    : method + " " + uri + ": expected one response, got " + responses.size());
        }
        return responses.get(0);
    }

    /**
     * Writes raw bytes to the server, as a client might (several pipelined requests, malformed ones), and
     * returns every response they produced, in order, without waiting for any that come later.
     */
    public List<Response> raw(byte[] bytes) {
        return exchange(Objects.requireNonNull(bytes, "bytes == null"), false);
    }

    /** Whether the server closed the connection. */
    public boolean isClosed() {
        return !server.isOpen();
    }

    /** Which route is still working on a request that got no response, for the failure message. */
    private String waitingOn(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        int route = routes.lookup(Methods.bit(method), path, path.length(), new PathMatch(routes.maxParams()));
        if (route < 0) return "";
        RouteInfo info = routes.route(route);
        return "; its route " + info.method() + " " + info.path() + " (" + info.handler() + ") has not answered:"
                + " a CompletionStage that never completes, or completes later than that";
    }

    private boolean awaitReturned(long nanos) {
        try {
            return connections.runReturned(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes {@code bytes} (none when null), runs what is pending, and reads every response written. */
    private List<Response> exchange(byte[] bytes, boolean head) {
        if (bytes != null) server.writeInbound(Unpooled.wrappedBuffer(bytes));
        try {
            connections.runReturned(0, TimeUnit.NANOSECONDS); // work that has come back already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.runPendingTasks();
        if (head && bytes != null) {
            // A HEAD response has no body: tell the client codec what it asked, so it does not wait for one.
            client.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/"));
            client.releaseOutbound();
        }
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            client.writeInbound(out);
        }
        List<Response> responses = new ArrayList<>();
        FullHttpResponse r;
        while ((r = client.readInbound()) != null) {
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                r.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b));
                byte[] body = new byte[r.content().readableBytes()];
                r.content().getBytes(r.content().readerIndex(), body);
                responses.add(new Response(r.status().code(), Map.copyOf(headers), body));
            } finally {
                r.release();
            }
        }
        return responses;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
