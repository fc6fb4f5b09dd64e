package dev.kiln.server;

import dev.kiln.pool.ContextPool;
import dev.kiln.pool.PooledContext;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.RawPath;
import dev.kiln.routing.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each aggregated request: checks the path, asks the generated router, runs the matched route's
 * chain on a pooled context, and writes the response.
 *
 * <p>Sits last in the pipeline, after {@code HttpServerCodec} and {@code HttpObjectAggregator}. What the
 * router does not match is answered here: 404, 405 with {@code Allow} (RFC 9110 §15.5.6), {@code OPTIONS}
 * with {@code Allow}, and a redirect to the registered form of a path that differs by a trailing slash.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final FastThreadLocal<HttpDate> DATE = new FastThreadLocal<>() {
        @Override
        protected HttpDate initialValue() {
            return new HttpDate();
        }
    };

    private final Routes routes;
    private final FastThreadLocal<ContextPool> pools;
    /** Every method some route has, for {@code OPTIONS *}. */
    private final int allMethods;

    RequestHandler(Routes routes, FastThreadLocal<ContextPool> pools) {
        this.routes = routes;
        this.pools = pools;
        int all = 0;
        for (dev.kiln.routing.RouteInfo r : routes.routes()) all |= Methods.bit(r.method());
        this.allMethods = all;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ch, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            rejectMalformed(ch, decoded.cause());
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        if (uri.equals("*") && request.method() == HttpMethod.OPTIONS) {
            // The server-wide OPTIONS (RFC 9110 §9.3.7): every method some route has.
            respond(ch, request, keepAlive, 204, Methods.allow(allMethods), null);
            return;
        }
        int start = pathStart(uri);
        if (start == -1) {
            respond(ch, request, keepAlive, 400, null, "Bad Request");
            return;
        }
        if (start > 0) {
            uri = uri.substring(start); // absolute-form (RFC 9112 §3.2.2): route on its path alone
        } else if (start == ABSOLUTE_WITHOUT_PATH) {
            uri = "/" + uri.substring(uri.indexOf("://") + 3).replaceFirst("^[^?]*", ""); // http://host?q → /?q
        }
        int end = pathEnd(uri);
        if (!RawPath.isAcceptable(uri, 0, end)) {
            respond(ch, request, keepAlive, 400, null, "Bad Request");
            return;
        }
        int bit = Methods.bit(request.method().name());
        ContextPool pool = pools.get();
        PooledContext ctx = pool.acquire();
        try {
            PathMatch match = ctx.pathMatch();
            int route = routes.match(bit, uri, end, match);
            if (route < 0) {
                answerUnmatched(ch, request, keepAlive, bit, uri, end, match.allowed);
                return;
            }
            ctx.begin(bit, uri, end, request);
            ctx.route(route);
            try {
                ctx.run();
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) throw (VirtualMachineError) t;
                log.error("{} {} failed in {}", request.method(), uri, ctx.route().handler(), t);
                respond(ch, request, keepAlive, 500, null, "Internal Server Error");
                return;
            }
            write(ch, request, keepAlive, ctx);
        } finally {
            pool.release(ctx);
        }
    }

    /**
     * Answers a request no route matched, in Gin's order: first a redirect when the path with its trailing
     * slash toggled has a route for this method, then 405 (or {@code OPTIONS}' 204) with {@code Allow} when
     * the path has routes for other methods, else 404.
     */
    private void answerUnmatched(ChannelHandlerContext ch, FullHttpRequest request, boolean keepAlive,
                                 int bit, String uri, int end, int allowed) {
        String other = trailingSlashTwin(uri, end, bit);
        if (other != null) {
            boolean safe = bit == Methods.GET || bit == Methods.HEAD;
            FullHttpResponse response = response(request, safe ? 301 : 308, Unpooled.EMPTY_BUFFER, null);
            response.headers().set(HttpHeaderNames.LOCATION, other + uri.substring(end));
            send(ch, request, keepAlive, response);
            return;
        }
        if (allowed != 0) {
            if (bit == Methods.OPTIONS) {
                respond(ch, request, keepAlive, 204, Methods.allow(allowed), null);
            } else {
                respond(ch, request, keepAlive, 405, Methods.allow(allowed), "Method Not Allowed");
            }
            return;
        }
        respond(ch, request, keepAlive, 404, null, "Not Found");
    }

    /** The path with its trailing slash added or removed, when that form has a route for the method. */
    private String trailingSlashTwin(String uri, int end, int bit) {
        PathMatch scratch = new PathMatch(routes.maxParams()); // only on the 404 path
        if (end > 1 && uri.charAt(end - 1) == '/') {
            return routes.match(bit, uri, end - 1, scratch) >= 0 ? uri.substring(0, end - 1) : null;
        }
        String added = uri.substring(0, end) + '/';
        return routes.match(bit, added, added.length(), scratch) >= 0 ? added : null;
    }

    private void write(ChannelHandlerContext ch, FullHttpRequest request, boolean keepAlive, PooledContext ctx) {
        ByteBuf body;
        if (ctx.responseText() != null) {
            body = ByteBufUtil.writeUtf8(ch.alloc(), ctx.responseText());
        } else if (ctx.responseBytes() != null) {
            body = Unpooled.wrappedBuffer(ctx.responseBytes());
        } else {
            body = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse response = response(request, ctx.responseStatus(), body, ctx.responseHeaders());
        if (ctx.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ctx.contentType());
        }
        send(ch, request, keepAlive, response);
    }

    private void respond(ChannelHandlerContext ch, FullHttpRequest request, boolean keepAlive,
                         int status, String allow, String text) {
        ByteBuf body = text == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = response(request, status, body, null);
        if (text != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        if (allow != null) response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ch, request, keepAlive, response);
    }

    private static FullHttpResponse response(FullHttpRequest request, int status, ByteBuf body, HttpHeaders headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
        if (headers != null && !headers.isEmpty()) {
            response.headers().set(headers);
        }
        return response;
    }

    /** Adds the framing headers, drops the body of a HEAD response (keeping its length), and writes. */
    private void send(ChannelHandlerContext ch, FullHttpRequest request, boolean keepAlive, FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        headers.set(HttpHeaderNames.DATE, DATE.get().now());
        if (request.method() == HttpMethod.HEAD) {
            response.content().release();
            response = response.replace(Unpooled.EMPTY_BUFFER);
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ch.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ch.writeAndFlush(response);
        }
    }

    /** Answers a request Netty could not parse, with the status its fault calls for, and closes. */
    private void rejectMalformed(ChannelHandlerContext ch, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431
                : cause instanceof TooLongFrameException ? 413
                : 400;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(HttpResponseStatus.valueOf(status).reasonPhrase() + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** {@link #pathStart}'s answer for an absolute-form target with an empty path, such as {@code http://host}. */
    static final int ABSOLUTE_WITHOUT_PATH = -2;

    /**
     * Where the path starts in a request-target: 0 for origin-form, after the authority for absolute-form
     * ({@link #ABSOLUTE_WITHOUT_PATH} when it has no path, which means {@code /}), -1 for anything else.
     */
    static int pathStart(String uri) {
        if (!uri.isEmpty() && uri.charAt(0) == '/') return 0;
        int scheme = uri.indexOf("://");
        if (scheme <= 0) return -1;
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? ABSOLUTE_WITHOUT_PATH : slash;
    }

    /** The end of the path: the query's {@code ?}, or the end of the target. */
    static int pathEnd(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri.length() : q;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("Closing connection from {} after an unexpected error", ch.channel().remoteAddress(), cause);
        }
        ch.close();
    }
}
