package dev.kiln.bench.rawnetty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.Date;

/**
 * A hand-written Netty handler for the sample app's benchmark routes: the ceiling Kiln is measured against.
 *
 * <p>Sits right after Netty's decoder, {@code HttpServerCodec → RawNettyHandler}, and answers each request on its
 * head: {@code GET /plaintext}, {@code GET /json} (serialised per request) and {@code GET /users/:id} with Kiln's
 * status line and headers ({@code Content-Type}, {@code Content-Length}, {@code Date}); anything else gets 404,
 * and a body sent anyway is read and dropped. Its routes take no body, so it needs no aggregator, and a careful
 * hand-written server leaves it out (Kiln serves bodiless requests from their heads the same way). It does
 * what such a handler does and no more: it is a plain inbound handler that casts what it reads (no reflective
 * type matcher per message); header values are {@link AsciiString} constants, {@code Content-Length}s too once
 * made; the response's header map skips Netty's validation (every name and value is a constant or a number) and
 * its trailers are the shared empty map; keep-alive responses are written with the void promise, and the flush
 * happens once per read batch ({@link #channelReadComplete}), so that pipelined requests share one
 * {@code writev}. The JSON is written by hand, per request: a string built with RFC 8259 escaping, then encoded
 * as UTF-8 into a pooled buffer, as Kiln encodes a handler's text.
 */
public final class RawNettyHandler extends ChannelInboundHandlerAdapter {
    /** The request limits, as Kiln's defaults, so that both decoders are configured alike. */
    public static final int MAX_REQUEST_LINE = 8 * 1024;
    public static final int MAX_HEADER_SIZE = 16 * 1024;

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final String HELLO = "Hello, World!";
    private static final String USERS = "/users/";
    private static final byte[] NOT_FOUND = "Not Found\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST = "Bad Request\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final FastThreadLocal<DateHeader> DATE = new FastThreadLocal<>() {
        @Override
        protected DateHeader initialValue() {
            return new DateHeader();
        }
    };

    /** The pipeline of one connection, {@code HttpServerCodec → RawNettyHandler}. */
    public static ChannelInitializer<Channel> initializer() {
        return initializer(false);
    }

    /**
     * The pipeline of one connection; with {@code kilnFootprint}, {@code HttpServerCodec → KilnFootprint →
     * RawNettyHandler}: a diagnostic, see {@link KilnFootprint}.
     */
    static ChannelInitializer<Channel> initializer(boolean kilnFootprint) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_REQUEST_LINE)
                        .setMaxHeaderSize(MAX_HEADER_SIZE)));
                if (kilnFootprint) ch.pipeline().addLast("footprint", new KilnFootprint());
                ch.pipeline().addLast("raw", new RawNettyHandler());
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            read(ctx, (HttpObject) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg.decoderResult().isFailure()) {
            FullHttpResponse response = response(HttpResponseStatus.BAD_REQUEST, TEXT_PLAIN, Unpooled.wrappedBuffer(BAD_REQUEST));
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(msg instanceof HttpRequest)) return; // a body's content: none of the routes reads one
        HttpRequest request = (HttpRequest) msg;
        String uri = request.uri();
        int q = uri.indexOf('?');
        int end = q < 0 ? uri.length() : q;
        FullHttpResponse response;
        if (request.method() != HttpMethod.GET) {
            response = notFound();
        } else if (end == 10 && uri.startsWith("/plaintext")) {
            response = response(HttpResponseStatus.OK, TEXT_PLAIN, ByteBufUtil.writeUtf8(ctx.alloc(), HELLO));
        } else if (end == 5 && uri.startsWith("/json")) {
            String json = jsonObject("message", HELLO);
            response = response(HttpResponseStatus.OK, APPLICATION_JSON, ByteBufUtil.writeUtf8(ctx.alloc(), json));
        } else if (end > USERS.length() && uri.startsWith(USERS) && uri.indexOf('/', USERS.length()) < 0) {
            String json = jsonObject("id", uri.substring(USERS.length(), end));
            response = response(HttpResponseStatus.OK, APPLICATION_JSON, ByteBufUtil.writeUtf8(ctx.alloc(), json));
        } else {
            response = notFound();
        }
        if (!HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response, ctx.voidPromise()); // flushed once per read batch, in channelReadComplete
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            cause.printStackTrace();
        }
        ctx.close();
    }

    private static FullHttpResponse notFound() {
        return response(HttpResponseStatus.NOT_FOUND, TEXT_PLAIN, Unpooled.wrappedBuffer(NOT_FOUND));
    }

    private static FullHttpResponse response(HttpResponseStatus status, AsciiString contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body,
                RESPONSE_HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength(body.readableBytes()));
        headers.set(HttpHeaderNames.DATE, DATE.get().now());
        return response;
    }

    /** {@code Content-Length} values up to 255, made when the class loads: these routes answer with short bodies. */
    private static final AsciiString[] LENGTHS = new AsciiString[256];

    static {
        for (int n = 0; n < LENGTHS.length; n++) LENGTHS[n] = AsciiString.cached(Integer.toString(n));
    }

    private static CharSequence contentLength(int n) {
        return n < LENGTHS.length ? LENGTHS[n] : Integer.toString(n);
    }

    /** {@code {"key":"value"}} with both strings escaped as RFC 8259 §7 requires; one string per call. */
    static String jsonObject(String key, String value) {
        StringBuilder sb = new StringBuilder(key.length() + value.length() + 8);
        sb.append('{');
        appendQuoted(sb, key);
        sb.append(':');
        appendQuoted(sb, value);
        return sb.append('}').toString();
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** The {@code Date} header (RFC 9110 §6.6.1), formatted once per second per event loop. Not thread-safe. */
    static final class DateHeader {
        private long second = Long.MIN_VALUE;
        private AsciiString value;

        AsciiString now() {
            long s = System.currentTimeMillis() / 1000;
            if (s != second) {
                second = s;
                value = AsciiString.cached(DateFormatter.format(new Date(s * 1000)));
            }
            return value;
        }
    }
}
