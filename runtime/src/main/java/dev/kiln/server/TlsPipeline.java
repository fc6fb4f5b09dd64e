package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of one TLS connection: {@code SslHandler → Alpn} at first; once the handshake is done, {@code Alpn}
 * replaces itself with the protocol's handlers: {@link Http2Pipeline}'s for {@code h2}, {@link Http1Pipeline}'s for
 * {@code http/1.1} and for a client that asked for no protocol by ALPN (curl's {@code --http1.1} does ask; old
 * clients do not).
 *
 * <pre>
 *   tls (SslHandler) → alpn (Alpn)                during the handshake
 *   tls (SslHandler) → http → kiln                HTTP/1.1 after it
 *   tls (SslHandler) → kiln-h2 → h2-frames → h2-streams   HTTP/2 after it ({@link Http2Pipeline})
 *   tls (SslHandler) → http → files → kiln        once a file body has been written ({@link #FILES})
 * </pre>
 */
final class TlsPipeline {
    private static final Logger log = LoggerFactory.getLogger(TlsPipeline.class);

    /** The name of the TLS handler in the pipeline. */
    static final String TLS = "tls";
    static final String ALPN = "alpn";
    /**
     * The handler that writes a file body in chunks through TLS, where {@code sendfile} cannot go: added by
     * {@link RequestHandler} before the first file body, so that a connection that serves none goes without it.
     */
    static final String FILES = "files";

    /** The protocols offered by ALPN, the server's preference first (RFC 7301 §3.2: the server chooses). */
    static final List<String> PROTOCOLS = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private TlsPipeline() {
    }

    /**
     * Begins a TLS connection with {@code context}: the handshake must be done within {@code handshakeMillis},
     * else the connection closes, as a request's head must arrive within the header timeout.
     */
    static void configure(Channel ch, SslContext context, ConnectionSettings settings, long handshakeMillis) {
        SslHandler tls = context.newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(handshakeMillis);
        ch.pipeline().addLast(TLS, tls).addLast(ALPN, new Alpn(settings));
    }

    /** Installs the handlers of the protocol the handshake agreed on, then leaves the pipeline. */
    private static final class Alpn extends ApplicationProtocolNegotiationHandler {
        private final ConnectionSettings settings;

        Alpn(ConnectionSettings settings) {
            super(ApplicationProtocolNames.HTTP_1_1); // no ALPN: HTTP/1.1
            this.settings = settings;
        }

        /** No: one per connection (said without Netty's reflective look for {@code @Sharable}). */
        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                Http1Pipeline.configure(pipeline, settings);
                return;
            }
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                Http2Pipeline.configure(pipeline, settings);
                return;
            }
            // Cannot happen: the server offers only PROTOCOLS, and chooses one of them or none.
            log.debug("{}: ALPN chose {}, which this server does not speak; closing", ctx.channel(), protocol);
            ctx.close();
        }

        /** A failed handshake is the client's doing (an old TLS version, a scanner): not worth a warning. */
        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{}: TLS handshake failed: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }
}
