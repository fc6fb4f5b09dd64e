package dev.kiln.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/2 in clear text by prior knowledge (RFC 9113 §3.3): first in the pipeline of an HTTP/1.1 connection when the
 * server accepts h2c, it looks at the connection's first bytes once. A client that starts with the connection
 * preface ({@code PRI * HTTP/2.0}) gets the HTTP/2 handlers ({@link Http2Pipeline}) in place of the HTTP/1.1 ones;
 * any other first byte removes this handler, so that every request after costs what it did without h2c. Most
 * connections are decided on their first byte ({@code G} of {@code GET} is not {@code P}); a client that sends a
 * prefix of the preface is waited for until it has sent all 24 bytes or one that differs.
 */
final class Http2Cleartext extends ByteToMessageDecoder {
    static final String NAME = "kiln-h2c";
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionSettings settings;

    Http2Cleartext(ConnectionSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        int start = in.readerIndex();
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != PREFACE[i]) {
                ctx.pipeline().remove(this); // HTTP/1.1: the bytes go on to its decoder
                return;
            }
        }
        if (n < PREFACE.length) return; // a prefix of the preface so far: wait for the rest
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(Http1Pipeline.CODEC);
        if (pipeline.get(Http2Upgrade.NAME) != null) pipeline.remove(Http2Upgrade.NAME);
        pipeline.remove(Http1Pipeline.HANDLER);
        Http2Pipeline.configure(pipeline, settings);
        pipeline.remove(this); // the preface, and all after it, go on to the frame codec
    }

    /** No: one per connection (said without Netty's reflective look for {@code @Sharable}). */
    @Override
    public boolean isSharable() {
        return false;
    }
}
