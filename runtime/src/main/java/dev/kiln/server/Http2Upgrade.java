package dev.kiln.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import java.util.Collection;

/**
 * HTTP/2 in clear text by {@code Upgrade: h2c} (RFC 7540 §3.2; RFC 9113 deprecates it, but the JDK's
 * {@code HttpClient} and {@code curl --http2} still use it): between the HTTP/1.1 decoder and the connection's
 * {@link RequestHandler} when the server accepts h2c, it looks at the connection's first request only. A request
 * that asks to upgrade to {@code h2c} goes to Netty's {@code HttpServerUpgradeHandler}, which answers
 * {@code 101 Switching Protocols}, puts the HTTP/2 handlers ({@link Http2Pipeline}) in place of the HTTP/1.1 ones
 * and serves the request itself as stream 1. Any other request goes on to the handler, and this handler is
 * removed: the requests after it cost what they did without h2c.
 */
final class Http2Upgrade extends ChannelInboundHandlerAdapter {
    static final String NAME = "kiln-h2c-upgrade";
    private static final String UPGRADING = "kiln-h2c-upgrading";

    private final ConnectionSettings settings;

    Http2Upgrade(ConnectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && asksForH2c(request.headers())) {
            HttpServerCodec http1 = (HttpServerCodec) ctx.pipeline().get(Http1Pipeline.CODEC);
            ctx.pipeline().addAfter(ctx.name(), UPGRADING, new HttpServerUpgradeHandler(http1, this::codec,
                    settings.http2.maxUpgradeBody));
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    /** Whether {@code Upgrade} names {@code h2c} among its protocols; Netty's handler checks the rest. */
    private static boolean asksForH2c(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null) return false;
        for (String protocol : upgrade.split(",")) {
            if (AsciiString.contentEqualsIgnoreCase(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol.trim())) {
                return true;
            }
        }
        return false;
    }

    /** The codec for {@code h2c}, and none for another protocol (the request is then served on HTTP/1.1). */
    private HttpServerUpgradeHandler.UpgradeCodec codec(CharSequence protocol) {
        if (!AsciiString.contentEqualsIgnoreCase(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) return null;
        Http2FrameCodec frames = Http2Pipeline.frameCodec(settings.http2);
        ChannelHandler[] streams = Http2Pipeline.streams(settings);
        Http2ServerUpgradeCodec netty = new Http2ServerUpgradeCodec(Http2Pipeline.FRAMES, frames,
                streams[0], streams[1], Http2Pipeline.errors());
        return new HttpServerUpgradeHandler.UpgradeCodec() {
            @Override
            public Collection<CharSequence> requiredUpgradeHeaders() {
                return netty.requiredUpgradeHeaders();
            }

            @Override
            public boolean prepareUpgradeResponse(ChannelHandlerContext ctx, FullHttpRequest request,
                                                  HttpHeaders headers) {
                return netty.prepareUpgradeResponse(ctx, request, headers);
            }

            @Override
            public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
                // The HTTP/1.1 handler goes (the decoder is gone already); the connection's own comes first.
                ctx.pipeline().remove(Http1Pipeline.HANDLER);
                ctx.pipeline().addFirst(Http2Pipeline.CONNECTION, new Http2Connection(settings, frames));
                netty.upgradeTo(ctx, request);
            }
        };
    }

    /** No: one per connection (said without Netty's reflective look for {@code @Sharable}). */
    @Override
    public boolean isSharable() {
        return false;
    }
}
