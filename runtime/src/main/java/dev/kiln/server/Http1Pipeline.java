package dev.kiln.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The HTTP/1.1 handlers of one connection: {@code HttpServerCodec → RequestHandler}. A cleartext connection gets
 * them from the server's channel initializer; a TLS connection gets them once ALPN has chosen {@code http/1.1}, or
 * none (see {@link TlsPipeline}). One method, so that every way onto HTTP/1.1 builds the same pipeline.
 */
final class Http1Pipeline {
    /** The name of Netty's codec in the pipeline. */
    static final String CODEC = "http";
    /** The name of Kiln's handler in the pipeline. */
    static final String HANDLER = "kiln";

    private Http1Pipeline() {
    }

    /** Adds the codec and a new {@link RequestHandler} at the end of {@code pipeline}. */
    static void configure(ChannelPipeline pipeline, ConnectionSettings settings) {
        pipeline.addLast(CODEC, codec(settings)).addLast(HANDLER, new RequestHandler(settings));
    }

    /**
     * A codec with the server's decoder settings ({@link ConnectionSettings#decoderConfig}), letting
     * {@link ConnectionSettings#pipelineDepth} requests wait for their responses: for a pipeline that puts the codec
     * elsewhere, such as behind an upgrade handler.
     */
    static HttpServerCodec codec(ConnectionSettings settings) {
        return new HttpServerCodec(settings.decoderConfig, settings.pipelineDepth);
    }
}
