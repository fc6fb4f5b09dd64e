package dev.kiln.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's {@link HttpObjectAggregator} with every answer it would write itself routed through the
 * {@link RequestHandler} instead, so that responses leave in request order even behind a {@code @Blocking} one.
 *
 * <p>Sits between {@code HttpServerCodec} and the {@code RequestHandler}. On each request head it checks what
 * Netty's decoder does not (RFC 9112): the major version is 1 (505 otherwise), an HTTP/1.1 request has a
 * {@code Host} (400), there are at most {@code maxHeaderCount} fields (431), it is not a draft-76 WebSocket
 * handshake, whose 8-byte body Netty reads without a {@code Content-Length} (400), and {@code Expect} is
 * {@code 100-continue} (417 otherwise). A failed check becomes the head's decoder failure, which the handler
 * answers and then closes the connection. {@code 100 Continue} is sent by the handler once earlier responses are
 * out. A body larger than the limit, declared or streamed, becomes a 413 and the connection closes without
 * reading it: Netty would otherwise keep reading (and discarding) it on a keep-alive connection.
 * The decoder itself already rejects {@code Content-Length} together with {@code Transfer-Encoding}, several
 * {@code Content-Length}s, and a final transfer coding other than {@code chunked} (RFC 9112 §6.1, §6.3).
 *
 * <p>A request whose head declares no body (most {@code GET}s) is passed on as soon as its head is checked: the
 * decoder's head itself is the whole request (the handler reads it as one with an empty body), nothing is
 * aggregated or wrapped, and no {@code Content-Length: 0} is added to what the client sent. Of a {@code GET}'s time
 * through the whole pipeline that saves about a fifth, and skipping Netty's decoder base for it another tenth
 * ({@code PipelineBenchmark}, see BENCHMARKS.md).
 */
final class RequestAggregator extends HttpObjectAggregator {
    private final int maxHeaderCount;
    private final RequestHandler handler;
    private final ConnectionTimeouts timeouts;
    /** A bodiless request's head has been passed on; the decoder's empty last content for it is still to come. */
    private boolean lastOwed;

    RequestAggregator(int maxBodySize, int maxHeaderCount, RequestHandler handler, ConnectionTimeouts timeouts) {
        super(maxBodySize);
        this.maxHeaderCount = maxHeaderCount;
        this.handler = handler;
        this.timeouts = timeouts;
    }

    /**
     * Checks each request head, and passes the head of a bodiless request on as the request; hands the rest to
     * Netty's aggregation. The common case (a {@code GET}) is handled here rather than in {@link #decode}: Netty's
     * decoder base would first ask {@code acceptInboundMessage} and collect the output in a list, for a message
     * it passes on as is.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (lastOwed) {
            lastOwed = false;
            if (!(msg instanceof LastHttpContent) || ((LastHttpContent) msg).content().isReadable()) {
                String what = msg.toString();
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("the decoder sent a body for a request that declared none: " + what);
            }
            return; // the decoder's empty last content: the request was complete when it was passed on
        }
        if (msg instanceof HttpRequest) {
            timeouts.headReceived();
            HttpRequest head = (HttpRequest) msg;
            if (head.decoderResult().isSuccess()) {
                checkHead(head);
                if (head.decoderResult().isSuccess() && declaresNoBody(head.headers())) {
                    lastOwed = true;
                    timeouts.requestReceived(); // before the handler sees it, as for an aggregated request
                    ctx.fireChannelRead(head); // the head is the whole request: no wrapper to make
                    return;
                }
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        super.decode(ctx, msg, out);
        if (msg instanceof LastHttpContent) timeouts.requestReceived();
    }

    /**
     * Whether a request's head says it has no body: neither {@code Content-Length} nor {@code Transfer-Encoding}
     * (RFC 9112 §6.3). Netty's decoder then follows the head with an empty last content at once, and the head is
     * passed on as the whole request without going through the aggregation (a composite buffer, and a
     * {@code Content-Length: 0} added to the request's headers), which costs most of a {@code GET}'s time in this
     * handler.
     */
    private static boolean declaresNoBody(HttpHeaders headers) {
        return !headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    private void checkHead(HttpRequest head) {
        HttpVersion version = head.protocolVersion();
        HttpHeaders headers = head.headers();
        if (version.majorVersion() != 1) {
            reject(head, 505, "HTTP version " + version.text() + " is not supported");
        } else if (version.minorVersion() >= 1 && !headers.contains(HttpHeaderNames.HOST)) {
            reject(head, 400, "HTTP/1.1 request without Host"); // RFC 9112 §3.2
        } else if (headers.size() > maxHeaderCount) {
            reject(head, 431, "more than " + maxHeaderCount + " header fields");
        } else if (HttpMethod.GET.equals(head.method()) && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY1)
                && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY2) && declaresNoBody(headers)) {
            // The draft-76 WebSocket handshake, obsolete since RFC 6455: Netty's decoder reads the next 8 bytes as
            // its body, where RFC 9112 says a request without Content-Length has none. Refused, so that the two
            // never disagree on where the next request starts.
            reject(head, 400, "draft-76 WebSocket handshake");
        } else {
            String expect = headers.get(HttpHeaderNames.EXPECT);
            if (expect != null) expect(head, expect.trim());
        }
    }

    /** Answers {@code Expect} (RFC 9110 §10.1.1); the header is removed, so Netty's own handling never runs. */
    private void expect(HttpRequest head, String expect) {
        head.headers().remove(HttpHeaderNames.EXPECT);
        if (head.protocolVersion().minorVersion() == 0) return; // an HTTP/1.0 expectation MUST be ignored
        if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            reject(head, 417, "unsupported expectation: " + expect);
        } else if (declaresNoBody(head.headers())) {
            return; // nothing to send: no 100 (RFC 9110 §10.1.1 lets a server omit it when there is no content)
        } else if (HttpUtil.getContentLength(head, -1L) <= maxContentLength()) {
            handler.sendContinue();
        } // else: isContentLengthInvalid holds, and handleOversizedMessage answers 413 instead of 100
    }

    private static void reject(HttpRequest head, int status, String why) {
        head.setDecoderResult(DecoderResult.failure(new Rejection(status, why)));
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        return null; // checkHead has answered the expectation, in request order
    }

    /**
     * Passes a 413 on to the handler as a failed request, and stops reading: the handler answers in order and
     * closes, so the rest of the body is never read.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpRequest head = (HttpRequest) oversized;
        FullHttpRequest failed = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER);
        failed.headers().set(head.headers());
        failed.setDecoderResult(DecoderResult.failure(new TooLongFrameException("body larger than " + maxContentLength() + " bytes")));
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(failed);
    }
}
