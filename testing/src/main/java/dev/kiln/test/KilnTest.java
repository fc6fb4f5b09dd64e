package dev.kiln.test;

import dev.kiln.routing.Routes;
import dev.kiln.server.InMemoryConnections;
import dev.kiln.server.KilnServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs requests through an application's whole pipeline in memory, with no socket: Netty's codec, the
 * generated router and chains, and the response writer, exactly as a server runs them.
 *
 * <pre>{@code
 * KilnTest app = KilnTest.of(ShopAppRoutes.builder().build());
 * KilnTest.Response r = app.get("/orders/42");
 * assertEquals(200, r.status());
 * }</pre>
 *
 * <p>Not thread-safe: one connection, one caller. {@code @Blocking} routes run on the caller's thread here, so a
 * response is there as soon as the request has been written; their ordering and threads are tested over sockets.
 */
public final class KilnTest {
    private final EmbeddedChannel server;
    private final EmbeddedChannel client;

    private KilnTest(KilnServer settings) {
        this.server = new EmbeddedChannel(InMemoryConnections.initializer(settings));
        this.client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(Integer.MAX_VALUE));
    }

    /** A test connection to these routes with the default settings. */
    public static KilnTest of(Routes routes) {
        return new KilnTest(new KilnServer(routes));
    }

    /** A test connection to a server with these settings (limits, pooling). */
    public static KilnTest of(KilnServer settings) {
        return new KilnTest(settings);
    }

    /** One response as the client saw it. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** A response header by name, case-insensitive; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body decoded as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code GET uri} with no header but {@code Host}: {@code app.get("/users/42?fields=name")}. */
    public Response get(String uri) {
        return request("GET", uri, Map.of(), null);
    }

    /** Sends one HTTP/1.1 request and returns its response. */
    public Response request(String method, String uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(uri).append(" HTTP/1.1\r\nHost: test\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = body == null ? h : concat(h, body);
        List<Response> responses = raw(all, method.equals("HEAD"));
        if (responses.size() != 1) {
            throw new IllegalStateException("expected one response to " + method + " " + uri + ", got " + responses.size());
        }
        return responses.get(0);
    }

    /**
     * Writes raw bytes to the server, as a client might (several pipelined requests, malformed ones), and
     * returns every response they produced, in order.
     */
    public List<Response> raw(byte[] bytes) {
        return raw(bytes, false);
    }

    /** Whether the server closed the connection. */
    public boolean isClosed() {
        return !server.isOpen();
    }

    private List<Response> raw(byte[] bytes, boolean head) {
        Objects.requireNonNull(bytes, "bytes == null");
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
        server.runPendingTasks();
        if (head) {
            // A HEAD response has no body: tell the client codec what it asked, so it does not wait for one.
            client.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.HEAD, "/"));
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
