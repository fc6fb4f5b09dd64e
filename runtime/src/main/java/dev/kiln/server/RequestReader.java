package dev.kiln.server;

import dev.kiln.RouteInfo;
import dev.kiln.StreamClosedException;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Turns what Netty's HTTP decoder reads (a request's head, then its body in parts) into whole requests for the
 * connection's handler, which extends it ({@link ResponseOrder}, then {@link RequestHandler}): it checks each head,
 * gathers each body under the size limit, and says so to the connection's clocks ({@link ConnectionState}).
 *
 * <p>On each request head it checks what Netty's decoder does not (RFC 9112; docs/conformance.md has each
 * requirement and its test): the major version is 1 (505 otherwise); the version is spelled in upper case, the
 * request-line has single spaces and the target only URI octets ({@link HeadSyntax}; 400); an HTTP/1.1 request has a
 * {@code Host}, no request has two, and its value is a host and port (400); an absolute-form target is http(s)
 * without userinfo, and its authority replaces {@code Host} (400 otherwise); there are at most
 * {@code maxHeaderCount} fields (431); an HTTP/1.0 request has at most one {@code Content-Length} (400); a
 * {@code Transfer-Encoding} is {@code chunked} alone (501); it is not a draft-76 WebSocket handshake, whose 8-byte
 * body Netty reads without a {@code Content-Length} (400); and {@code Expect} is {@code 100-continue} (417
 * otherwise). A failed check becomes the head's decoder failure,
 * which the handler answers and then closes the connection. {@code 100 Continue} is sent by the handler once earlier
 * responses are out. A body larger than the limit, declared or streamed, becomes a 413 and reading stops, so the
 * rest of it is never read. The decoder itself already rejects {@code Content-Length} together with
 * {@code Transfer-Encoding}, several {@code Content-Length}s, and a final transfer coding other than
 * {@code chunked} (RFC 9112 §6.1, §6.3).
 *
 * <p>A request whose head declares no body (most {@code GET}s) is served as soon as its head is checked: the
 * decoder's head is the whole request (the handler reads it as one with an empty body), and nothing is gathered or
 * wrapped. A request with a body becomes a {@code FullHttpRequest} on the head's own headers, with a
 * {@code Content-Length} that says what was received, as Netty's {@code HttpObjectAggregator} makes it.
 *
 * <p>Why a base class of the handler rather than that aggregator in a pipeline context of its own: with 10,000
 * connections taking turns, each object a request touches per connection is one more cache miss, and the aggregator
 * with its context was most of what Kiln cost per request beyond raw Netty there (see BENCHMARKS.md). The one
 * handler object now holds all of a connection's state.
 */
abstract class RequestReader extends ConnectionState {
    /** The header Netty's conversion of an HTTP/2 request to HTTP/1.1 adds with the stream's id. */
    private static final AsciiString STREAM_ID = HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text();
    /** The most buffers a body is gathered in before they are copied into one, as in Netty's aggregator. */
    private static final int MAX_BODY_PARTS = 1024;


    /** What every connection of the server is given: routes, pools, limits. */
    final ConnectionSettings settings;
    /**
     * Whether this reads one HTTP/2 stream (its frames made into HTTP/1.1 objects, {@link Http2Pipeline}) rather
     * than an HTTP/1.1 connection: then {@code :authority} is optional and Netty has already refused a second
     * {@code Host} or one that differs from it (RFC 9113 §8.3.1).
     */
    final boolean http2;

    /** A bodiless request has been served from its head; the decoder's empty last content for it is still to come. */
    private boolean lastOwed;
    /** The head of the request whose body is being gathered; null between bodies. */
    private HttpRequest bodyHead;
    /** What has come of that body: null while nothing has, then the first part, then a composite of the parts. */
    private ByteBuf body;
    /** Whether {@link #body} is a composite made here of several parts, rather than the decoder's first part. */
    private boolean composite;
    /** The size limit of the body of the request whose head was read last: the server's, or its route's own. */
    private long bodyLimit;
    /** Whether that request's route takes its body as it arrives. */
    private boolean bodyStreams;
    /** The body streaming to its handler, while its pieces arrive; null otherwise. */
    private StreamedBody streamed;
    /** For finding a request's route ahead of routing it ({@link #routeOf}); made on first use. */
    private PathMatch probe;
    /** The last {@code Host} value of this connection found valid ({@link #isValidHost}); null before the first. */
    private String validHost;

    RequestReader(ConnectionSettings settings, boolean http2) {
        this.settings = settings;
        this.http2 = http2;
    }

    @Override
    final boolean isStream() {
        return http2;
    }

    /**
     * Serves one whole request: the decoder's head of a request that declared no body, a {@code FullHttpRequest}
     * with its body, or a request whose decoder result is a failure, to be answered with its status. The request is
     * released when this returns: to keep it, retain it.
     */
    abstract void serveRequest(HttpRequest request);

    /** Sends {@code 100 Continue} for the head just read, once the responses ahead of it are out. */
    abstract void sendContinue();

    @Override
    public void channelRead(ChannelHandlerContext ch, Object msg) {
        if (msg instanceof HttpRequest) {
            readHead(ch, (HttpRequest) msg);
        } else if (msg instanceof HttpContent) {
            readContent(ch, (HttpContent) msg);
        } else {
            ReferenceCountUtil.release(msg); // nothing else comes from the decoder
        }
    }

    private void readHead(ChannelHandlerContext ch, HttpRequest head) {
        headReceived();
        if (http2) head.headers().remove(STREAM_ID); // Netty's conversion adds it; not the client's, not the app's
        if (lastOwed || bodyHead != null) {
            ReferenceCountUtil.release(head);
            releaseBody();
            throw new IllegalStateException("the decoder sent a head before the end of the request before it");
        }
        boolean noBody = declaresNoBody(head.headers());
        if (head.decoderResult().isSuccess()) {
            if (!noBody) readBodyPolicy(head); // what follows a head without a body reads neither limit nor mode
            checkHead(head);
        }
        if (head.decoderResult().isFailure()) {
            deliver(head); // answered with its status; its body, if any follows, is dropped in readContent
        } else if (head instanceof LastHttpContent) {
            requestReceived(); // a whole request in one message: not from HttpServerCodec, but valid all the same
            deliver(head);
        } else if (noBody) {
            lastOwed = true;
            requestReceived(); // before it is served, as for a request with a body
            deliver(head); // the head is the whole request: no wrapper to make
        } else if (declaredLength(head) > bodyLimit) {
            tooLarge(ch, head); // without reading any of it
        } else if (bodyStreams) {
            streamed = new StreamedBody(ch.channel(), bodyLimit);
            deliver(new StreamedRequest(head, streamed)); // served now; its body follows as it arrives
        } else {
            bodyHead = head;
        }
    }

    /**
     * Decides how the body of the request whose head this is (one that declares a body) will be read: gathered under
     * the server's limit, unless its route has a policy of its own (a limit, or streaming), which is looked up now
     * only when some route has one.
     */
    private void readBodyPolicy(HttpRequest head) {
        bodyLimit = settings.maxBodySize;
        bodyStreams = false;
        if (!settings.routes.hasBodyPolicies()) return;
        String uri = RequestTarget.routable(head.uri());
        if (uri == null) return; // refused when it is served
        RouteInfo route = routeOf(Methods.bit(head.method().name()), uri, RequestTarget.pathEnd(uri));
        if (route == null) return;
        if (route.maxBodySize() >= 0) bodyLimit = route.maxBodySize();
        if (!route.streamsBody()) bodyLimit = Math.min(bodyLimit, RouteInfo.MAX_GATHERED_BODY);
        bodyStreams = route.streamsBody();
    }

    /**
     * The route a request will be routed to, found without running anything (the router's {@code lookup}, into the
     * connection's own {@link PathMatch}); null when none matches. For what must be known before routing: a body's
     * policy, a tracer's sampler. Costs a second walk of the route tree, so only those ask.
     */
    final RouteInfo routeOf(int methodBit, String uri, int pathEnd) {
        if (probe == null) probe = new PathMatch(settings.routes.maxParams());
        return routeOf(settings.routes, probe, methodBit, uri, pathEnd);
    }

    /** {@link #routeOf} with the {@link PathMatch} to match into. */
    static RouteInfo routeOf(Routes routes, PathMatch probe, int methodBit, String uri, int pathEnd) {
        int found = routes.lookup(methodBit, uri, pathEnd, probe);
        return found < 0 ? null : routes.route(found);
    }

    /** Whether a streamed body is still arriving: the connection must go on reading it while its handler runs. */
    final boolean readingStreamedBody() {
        return streamed != null;
    }

    /** The rest of a body that streams to its handler: passed on, counted against its limit, and ended. */
    private void readStreamed(ChannelHandlerContext ch, HttpContent part) {
        StreamedBody body = streamed;
        ByteBuf bytes = part.content();
        boolean within = true;
        if (bytes.isReadable()) {
            within = body.offer(bytes); // the part's buffer now belongs to the body
        } else {
            part.release();
        }
        DecoderResult result = part.decoderResult();
        if (!within || result.isFailure()) {
            if (within) body.fail(new StreamedBody.Refused(400, "malformed body"));
            streamed = null;
            stopAccepting(); // the rest of the stream cannot be trusted, or is not wanted: the connection closes
            ch.channel().config().setAutoRead(false);
        } else if (part instanceof LastHttpContent) {
            body.end();
            streamed = null;
            requestReceived();
            if (is(BUSY)) ch.channel().config().setAutoRead(false); // requests behind it wait in the socket
        }
    }

    private void readContent(ChannelHandlerContext ch, HttpContent part) {
        if (lastOwed) {
            lastOwed = false;
            boolean empty = part instanceof LastHttpContent && !part.content().isReadable();
            if (!empty) {
                String what = part.toString();
                part.release();
                throw new IllegalStateException("the decoder sent a body for a request that declared none: " + what);
            }
            return; // the decoder's empty last content: the request was complete when it was served
        }
        if (streamed != null) {
            readStreamed(ch, part);
            return;
        }
        if (bodyHead == null) {
            part.release(); // the rest of a request already answered: a rejected head, or a body over the limit
            return;
        }
        ByteBuf bytes = part.content();
        int gathered = body == null ? 0 : body.readableBytes();
        if (bytes.readableBytes() > bodyLimit - gathered) {
            part.release();
            HttpRequest head = bodyHead;
            releaseBody();
            tooLarge(ch, head);
            return;
        }
        if (bytes.isReadable()) {
            append(ch, bytes); // the part's buffer now belongs to the body
        } else {
            part.release();
        }
        DecoderResult result = part.decoderResult();
        if (result.isFailure() || part instanceof LastHttpContent) {
            HttpHeaders trailers = part instanceof LastHttpContent ? ((LastHttpContent) part).trailingHeaders()
                    : EmptyHttpHeaders.INSTANCE;
            FullHttpRequest request = gathered(trailers);
            if (result.isFailure()) {
                request.setDecoderResult(DecoderResult.failure(result.cause())); // bad chunk: 400
            } else if (settings.compression != null && settings.compression.decompressRequests()) {
                request = decompressed(request);
            }
            requestReceived();
            deliver(request);
        }
    }

    private void append(ChannelHandlerContext ch, ByteBuf bytes) {
        if (body == null) {
            body = bytes; // most bodies come in one part, which is then the request's content as it is
            return;
        }
        if (!composite) {
            CompositeByteBuf parts = ch.alloc().compositeBuffer(MAX_BODY_PARTS);
            parts.addComponent(true, body);
            body = parts;
            composite = true;
        }
        ((CompositeByteBuf) body).addComponent(true, bytes);
    }

    /**
     * The request whose body is complete, as Netty's aggregator makes it: on the head's headers, without
     * {@code Transfer-Encoding: chunked}, and with a {@code Content-Length} when it had none.
     */
    private FullHttpRequest gathered(HttpHeaders trailers) {
        HttpRequest head = bodyHead;
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
        forgetBody(); // the content now belongs to the request
        HttpUtil.setTransferEncodingChunked(head, false);
        if (!head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        FullHttpRequest request = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                content, head.headers(), trailers, false); // the decoder has checked the request line
        request.setDecoderResult(head.decoderResult());
        return request;
    }

    /**
     * A whole request whose body has a content coding, decompressed when the server decompresses that coding: what
     * it expands to counts against the body limit (413, read no further), a body that is not what its coding says
     * is a 400, and one in a coding the server does not decompress a 415 (RFC 9110 §15.5.16).
     */
    private FullHttpRequest decompressed(FullHttpRequest request) {
        String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (coding == null || coding.trim().equalsIgnoreCase("identity")) return request;
        if (!settings.compression.accepts(coding)) {
            reject(request, 415, "content coding " + coding.trim() + " is not accepted: send gzip, or none");
            return request;
        }
        byte[] plain;
        try {
            plain = settings.compression.decompress(coding, new ByteBufInputStream(request.content()), settings.maxBodySize);
        } catch (IOException e) {
            reject(request, 400, "the body is not valid " + coding.trim());
            return request;
        }
        if (plain == null) {
            reject(request, 413, "body larger than " + settings.maxBodySize + " bytes once decompressed");
            return request;
        }
        HttpHeaders headers = request.headers();
        headers.remove(HttpHeaderNames.CONTENT_ENCODING);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, plain.length);
        FullHttpRequest inflated = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.wrappedBuffer(plain), headers, request.trailingHeaders(), false);
        inflated.setDecoderResult(request.decoderResult());
        request.release();
        return inflated;
    }

    /**
     * Serves a 413 for a request whose body is over the limit, and stops reading: the handler answers in order and
     * closes, so the rest of the body is never read.
     */
    private void tooLarge(ChannelHandlerContext ch, HttpRequest head) {
        FullHttpRequest failed = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE, false);
        String why = "body larger than " + bodyLimit + " bytes";
        failed.setDecoderResult(DecoderResult.failure(new TooLongFrameException(why)));
        ch.channel().config().setAutoRead(false);
        deliver(failed);
    }

    private void deliver(HttpRequest request) {
        try {
            serveRequest(request);
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    /**
     * Whether a request's head says it has no body: neither {@code Content-Length} nor {@code Transfer-Encoding}
     * (RFC 9112 §6.3). Netty's decoder then follows the head with an empty last content at once.
     */
    private static boolean declaresNoBody(HttpHeaders headers) {
        return !RequestHeaders.declaresBody(headers);
    }

    /** The head's {@code Content-Length}; -1 when it has none (the decoder has refused one that is not a number). */
    private static long declaredLength(HttpRequest head) {
        try {
            return HttpUtil.getContentLength(head, -1L);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    /**
     * The checks of a head Netty's decoder has parsed without a failure, in order; the first that fails is the
     * head's decoder failure (RFC 9112 and 9110 sections in docs/conformance.md). On a well-formed request it reads
     * {@code Host} and {@code Transfer-Encoding} once each and walks the target and the {@code Host} value.
     */
    private void checkHead(HttpRequest head) {
        HttpVersion version = head.protocolVersion();
        HttpHeaders headers = head.headers();
        String target = head.uri();
        String host = headers.get(HttpHeaderNames.HOST);
        if (version.majorVersion() != 1) {
            reject(head, 505, "HTTP version " + version.text() + " is not supported");
        } else if (!HeadSyntax.isExactVersion(version)) {
            reject(head, 400, "the HTTP version is not spelled HTTP/1.x"); // RFC 9112 §2.3: case-sensitive
        } else if (!HeadSyntax.isSingleSpaced(head)) {
            reject(head, 400, "the request line is not method, target and version, each after one space"); // §3
        } else if (!HeadSyntax.hasUriOctetsOnly(target)) {
            reject(head, 400, "the request target has an octet no URI has"); // RFC 9112 §3.2
        } else if (host == null ? version.minorVersion() >= 1 && !http2 : !http2 && RequestHeaders.severalHostLines(headers)) {
            reject(head, 400, host == null ? "HTTP/1.1 request without Host" : "more than one Host"); // RFC 9112 §3.2
        } else if (host != null && !isValidHost(host)) {
            reject(head, 400, "Host is not a host and port"); // RFC 9112 §3.2
        } else if (!target.isEmpty() && target.charAt(0) != '/' && !RequestTarget.isAsterisk(target)
                && !takeAbsoluteAuthority(head, target)) {
            reject(head, 400, "the request target is not a path, an http(s) URI or *"); // §3.2, RFC 9110 §4.2
        } else if (headers.size() > settings.maxHeaderCount) {
            reject(head, 431, "more than " + settings.maxHeaderCount + " header fields");
        } else if (version.minorVersion() == 0 && RequestHeaders.severalContentLengthLines(headers)) {
            reject(head, 400, "more than one Content-Length"); // RFC 9112 §6.3; the decoder checks HTTP/1.1 itself
        } else if (!isChunkedAlone(RequestHeaders.transferEncoding(headers))) {
            reject(head, 501, "a transfer coding other than chunked"); // RFC 9112 §6.1
        } else if (!http2 && HttpMethod.GET.equals(head.method()) && RequestHeaders.hasWebSocketKey1(headers)
                && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY2) && declaresNoBody(headers)) {
            // The draft-76 WebSocket handshake, obsolete since RFC 6455: Netty's decoder reads the next 8 bytes as
            // its body, where RFC 9112 says a request without Content-Length has none. Refused, so that the two
            // never disagree on where the next request starts. HTTP/2 frames its messages: nothing to disagree on.
            reject(head, 400, "draft-76 WebSocket handshake");
        } else {
            String expect = RequestHeaders.expect(headers);
            if (expect != null) expect(head, expect.trim());
        }
    }

    /**
     * {@link HeadSyntax#isValidHost}, remembering the last value found valid: a client sends the same {@code Host}
     * on every request of a connection, and comparing it with the last costs less than walking it again.
     */
    private boolean isValidHost(String host) {
        if (host.equals(validHost)) return true;
        if (!HeadSyntax.isValidHost(host)) return false;
        validHost = host;
        return true;
    }

    /**
     * For an absolute-form target, puts its authority in {@code Host}, which RFC 9112 §3.2.2 says the server MUST
     * ignore for it, so the application sees the one host the request is for; false when it is no target Kiln serves.
     */
    private static boolean takeAbsoluteAuthority(HttpRequest head, String target) {
        String authority = HeadSyntax.absoluteAuthority(target);
        if (authority == null) return false;
        head.headers().set(HttpHeaderNames.HOST, authority);
        return true;
    }

    /**
     * Whether a {@code Transfer-Encoding} is absent or is {@code chunked} alone, the one coding Kiln decodes. The
     * decoder has already refused one whose last coding is not chunked, or that has chunked twice, so anything
     * else here has another coding before chunked.
     */
    private static boolean isChunkedAlone(String transferEncoding) {
        return transferEncoding == null || HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(transferEncoding.trim());
    }

    /** Answers {@code Expect} (RFC 9110 §10.1.1); the header is removed, as it has been answered. */
    private void expect(HttpRequest head, String expect) {
        head.headers().remove(HttpHeaderNames.EXPECT);
        if (head.protocolVersion().minorVersion() == 0) return; // an HTTP/1.0 expectation MUST be ignored
        if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            reject(head, 417, "unsupported expectation: " + expect);
        } else if (declaresNoBody(head.headers())) {
            return; // nothing to send: no 100 (RFC 9110 §10.1.1 lets a server omit it when there is no content)
        } else if (declaredLength(head) <= bodyLimit) {
            sendContinue();
        } // else: readHead answers 413 instead of 100
    }

    private static void reject(HttpRequest head, int status, String why) {
        head.setDecoderResult(DecoderResult.failure(new Rejection(status, why)));
    }

    private void releaseBody() {
        if (body != null) body.release();
        forgetBody();
        if (streamed != null) {
            streamed.fail(new StreamClosedException("the client closed the connection before the end of the body"));
            streamed = null;
        }
    }

    /** Between bodies again: nothing gathered, no head waiting for its body. */
    private void forgetBody() {
        bodyHead = null;
        body = null;
        composite = false;
    }

    /** Frees a body gathered in part, and fails one streaming: the connection closed before it was complete. */
    @Override
    public void channelInactive(ChannelHandlerContext ch) throws Exception {
        releaseBody();
        super.channelInactive(ch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ch) throws Exception {
        releaseBody();
        super.handlerRemoved(ch);
    }
}
