package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.compression.Compression;
import dev.kiln.compression.ContentEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Builds the HTTP/1.1 responses a connection writes: the one a route's chain set on its context, the server's own
 * short answers (404, 405, 400, 503, ...), and the framing every response gets before it is written
 * ({@code Content-Length}, {@code Date}, no body for {@code HEAD}). Stateless, so it needs no socket to test.
 */
final class Responses {

    /**
     * Response header maps skip Netty's validation: names here are constants, and what handlers set was
     * validated by the context's own map. One map fewer to check per request.
     */
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final FastThreadLocal<HttpDate> DATE = new FastThreadLocal<>() {
        @Override
        protected HttpDate initialValue() {
            return new HttpDate();
        }
    };
    /** The largest byte body copied into a pooled buffer rather than wrapped. */
    private static final int COPY_LIMIT = 64 * 1024;
    /** {@code Content-Length} values as ASCII strings, made once each for the small lengths most responses have. */
    private static final AsciiString[] LENGTHS = new AsciiString[8192];

    private Responses() {}

    /** The response a route's chain set on {@code ctx}: its status, headers, content type and body. */
    static FullHttpResponse of(PooledContext ctx, ByteBufAllocator alloc) {
        return of(ctx, body(ctx, alloc));
    }

    /** {@link #of(PooledContext, ByteBufAllocator)} with the {@link #body} already made. */
    static FullHttpResponse of(PooledContext ctx, ByteBuf body) {
        FullHttpResponse response = response(ctx.responseStatus(), body, ctx.responseHeaders());
        if (ctx.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ctx.contentType());
        }
        return response;
    }

    /** The body a route's chain set on {@code ctx}, in a buffer; empty when it set none. */
    static ByteBuf body(PooledContext ctx, ByteBufAllocator alloc) {
        if (ctx.responseText() != null) return ByteBufUtil.writeUtf8(alloc, ctx.responseText());
        if (ctx.responseBytes() == null) return Unpooled.EMPTY_BUFFER;
        byte[] bytes = ctx.responseBytes();
        // Small bodies are copied into a pooled direct buffer: cheaper than a heap wrapper that the encoder would
        // copy into a direct buffer anyway. Large ones are wrapped, not copied.
        return bytes.length <= COPY_LIMIT ? alloc.directBuffer(bytes.length).writeBytes(bytes) : Unpooled.wrappedBuffer(bytes);
    }

    /** The {@code Date} value of now, formatted once a second per thread. */
    static CharSequence date() {
        return DATE.get().now();
    }

    /**
     * The head of a response whose body is {@code length} bytes of a file, sent after it: the chain's status and
     * headers, the content type, {@code Content-Length} and {@code Date}.
     */
    static HttpResponse fileHead(PooledContext ctx, long length) {
        HttpResponse head = head(ctx.responseStatus(), ctx.responseHeaders());
        HttpHeaders h = head.headers();
        if (ctx.contentType() != null) h.set(HttpHeaderNames.CONTENT_TYPE, ctx.contentType());
        h.set(HttpHeaderNames.CONTENT_LENGTH, length < LENGTHS.length ? contentLength((int) length) : Long.toString(length));
        return head;
    }

    /** A head whose body follows in parts: {@code status}, the chain's {@code headers} copied, and a {@code Date}. */
    private static HttpResponse head(int status, HttpHeaders headers) {
        HttpHeaders h = RESPONSE_HEADERS.newHeaders();
        if (!headers.isEmpty()) h.set(headers);
        h.set(HttpHeaderNames.DATE, DATE.get().now());
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), h);
    }

    /** An answer without a body: {@code status}, and an {@code Allow} header when {@code allow} is not null. */
    static FullHttpResponse empty(int status, String allow) {
        FullHttpResponse response = response(status, Unpooled.EMPTY_BUFFER, null);
        if (allow != null) response.headers().set(HttpHeaderNames.ALLOW, allow);
        return response;
    }

    /** One of the server's own error answers: {@code problem} as {@code renderer} writes it. */
    static FullHttpResponse problem(ProblemRenderer renderer, Problem problem) {
        FullHttpResponse response = response(problem.status(), Unpooled.wrappedBuffer(renderer.render(problem)), null);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, renderer.contentType());
        return response;
    }

    /** A redirect without a body. */
    static FullHttpResponse redirect(int status, String location) {
        FullHttpResponse response = response(status, Unpooled.EMPTY_BUFFER, null);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    /**
     * The answer to a request that was not parsed or not accepted: the status its fault calls for, and what the fault
     * was, in words of Kiln's own (a decoder's message may quote what the client sent).
     */
    static FullHttpResponse rejection(ProblemRenderer renderer, Throwable cause) {
        int status = statusFor(cause);
        String detail = cause instanceof Rejection ? cause.getMessage() : switch (status) {
            case 414 -> "request line too long";
            case 431 -> "header fields too large";
            case 413 -> cause.getMessage() != null && cause.getMessage().startsWith("body larger than")
                    ? cause.getMessage() : "body too large";
            default -> "malformed request";
        };
        return problem(renderer, Problem.of(status, detail));
    }

    /** The status for a request the decoder or the {@link RequestReader} failed. */
    static int statusFor(Throwable cause) {
        if (cause instanceof Rejection) return ((Rejection) cause).status();
        if (cause instanceof TooLongHttpLineException) return 414;   // RFC 9112 §3: request line (URI) too long
        if (cause instanceof TooLongHttpHeaderException) return 431; // RFC 6585 §5
        if (cause instanceof TooLongFrameException) return 413;      // RFC 9110 §15.5.14: body over the limit
        return 400;
    }

    /**
     * The head of a streamed response: {@code status} and the chain's {@code headers}, a {@code Date}, and the framing
     * of a body of unknown length: chunked (RFC 9112 §7.1) unless the handler set a {@code Content-Length}; without
     * {@code keepAlive} (an HTTP/1.0 client, or one that asked to close), unframed, ended by closing the connection.
     */
    static HttpResponse streamHead(int status, HttpHeaders headers, boolean keepAlive) {
        HttpResponse head = head(status, headers);
        HttpHeaders h = head.headers();
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return head;
    }

    /** {@code 100 Continue} (RFC 9110 §15.2.1): an interim response, written as it is. */
    static FullHttpResponse continueResponse() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
    }

    /**
     * {@code response} with its body compressed, when {@code compression} says its type and size are worth it and
     * the request's {@code acceptEncoding} accepts one of its codings; with {@code Vary: Accept-Encoding} whenever
     * the body could have been compressed. The body the handler gave is left as it was (it may be the handler's own
     * array): the compressed one replaces it.
     */
    static FullHttpResponse compressed(FullHttpResponse response, Compression compression, String acceptEncoding) {
        ByteBuf body = response.content();
        if (body.readableBytes() < compression.minSize()) return response; // most responses stop here, cheaply
        int status = response.status().code();
        if (status == 204 || status == 206 || status == 304) return response;
        HttpHeaders headers = response.headers();
        if (headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || !compression.compressible(headers.get(HttpHeaderNames.CONTENT_TYPE), body.readableBytes())) {
            return response;
        }
        String vary = headers.get(HttpHeaderNames.VARY);
        headers.set(HttpHeaderNames.VARY, vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
        ContentEncoder encoder = compression.choose(acceptEncoding);
        if (encoder == null) return response;
        byte[] encoded;
        if (body.hasArray()) {
            encoded = encoder.encode(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        } else {
            byte[] plain = ByteBufUtil.getBytes(body);
            encoded = encoder.encode(plain, 0, plain.length);
        }
        headers.set(HttpHeaderNames.CONTENT_ENCODING, encoder.name());
        FullHttpResponse replaced = response.replace(Unpooled.wrappedBuffer(encoded));
        response.release();
        return replaced;
    }

    /**
     * Adds the framing headers every final response carries, {@code Content-Length} and {@code Date}, and for a
     * {@code HEAD} request drops the body while keeping its length (RFC 9110 §9.3.2); a 204 gets neither a length
     * nor a body. Returns the response to write.
     */
    static FullHttpResponse framed(FullHttpResponse response, boolean head) {
        HttpHeaders headers = response.headers();
        int code = response.status().code();
        if (hasNoContent(code)) {
            // No Content-Length and no body on a 204 (RFC 9110 §8.6, §15.3.5), whatever a handler wrote; nor on a
            // 304, where a length would have to be the 200's (RFC 9110 §8.6, §15.4.5).
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.DATE, DATE.get().now());
            if (!response.content().isReadable()) return response;
            response.content().release();
            return response.replace(Unpooled.EMPTY_BUFFER);
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength(response.content().readableBytes()));
        headers.set(HttpHeaderNames.DATE, DATE.get().now());
        if (!head) return response;
        response.content().release();
        return response.replace(Unpooled.EMPTY_BUFFER);
    }

    /**
     * A response on a header map without validation and with the shared empty trailers: two maps fewer per
     * request. {@code headers} (the chain's) are copied in when there are any.
     */
    private static FullHttpResponse response(int status, ByteBuf body, HttpHeaders headers) {
        HttpHeaders h = RESPONSE_HEADERS.newHeaders();
        if (headers != null && !headers.isEmpty()) {
            h.set(headers);
        }
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body, h,
                EmptyHttpHeaders.INSTANCE);
    }

    /**
     * Whether a response of {@code status} has no content and no {@code Content-Length}: 204 (RFC 9110 §15.3.5) and
     * 304 (§15.4.5), whatever a handler wrote.
     */
    static boolean hasNoContent(int status) {
        return status == 204 || status == 304;
    }

    /** {@code n} as a {@code Content-Length} value. */
    static CharSequence contentLength(int n) {
        if (n >= LENGTHS.length) return Integer.toString(n);
        AsciiString s = LENGTHS[n]; // a benign race: every thread makes an equal one
        if (s == null) {
            s = AsciiString.cached(Integer.toString(n));
            LENGTHS[n] = s;
        }
        return s;
    }
}
