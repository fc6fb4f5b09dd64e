package dev.kiln.server;

import dev.kiln.pool.ContextPool;
import dev.kiln.routing.Routes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's settings, and {@link #start()}: {@code Kiln.server(routes).port(8080).start()}.
 *
 * <p>The pipeline per connection is {@code HttpServerCodec → HttpObjectAggregator → RequestHandler}: Netty
 * parses and bounds the request, Kiln routes it and runs the generated chain on the event loop.
 */
public final class KilnServer {
    private static final Logger log = LoggerFactory.getLogger(KilnServer.class);

    /** The longest request line accepted; longer gets 414 (RFC 9112 §3). */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** The most header bytes accepted; more gets 431 (RFC 6585 §5). */
    public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
    /** The largest request body accepted; larger gets 413 (RFC 9110 §15.5.14). */
    public static final int DEFAULT_MAX_BODY_SIZE = 8 * 1024 * 1024;

    private final Routes routes;
    private String host = "0.0.0.0";
    private int port = 8080;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private int maxRequestLine = DEFAULT_MAX_REQUEST_LINE;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
    private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private boolean pooling = true;
    private Transport transport;

    public KilnServer(Routes routes) {
        this.routes = Objects.requireNonNull(routes, "routes == null");
    }

    /** The TCP port; 0 binds a free ephemeral one (see {@link RunningServer#port()}). Default 8080. */
    public KilnServer port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        this.port = port;
        return this;
    }

    /** The address to listen on. Default all interfaces. */
    public KilnServer host(String host) {
        this.host = Objects.requireNonNull(host, "host == null");
        return this;
    }

    /** The number of event loops (threads serving connections). Default: one per core. */
    public KilnServer eventLoops(int eventLoops) {
        if (eventLoops < 1) throw new IllegalArgumentException("eventLoops < 1: " + eventLoops);
        this.eventLoops = eventLoops;
        return this;
    }

    /** The largest request body accepted, in bytes. */
    public KilnServer maxBodySize(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxBodySize < 0: " + bytes);
        this.maxBodySize = bytes;
        return this;
    }

    /** The longest request line accepted, in bytes. */
    public KilnServer maxRequestLine(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("maxRequestLine < 64: " + bytes);
        this.maxRequestLine = bytes;
        return this;
    }

    /** The most header bytes accepted. */
    public KilnServer maxHeaderSize(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("maxHeaderSize < 64: " + bytes);
        this.maxHeaderSize = bytes;
        return this;
    }

    /** Turns context pooling off (a new context per request), to measure what the pool saves. Default on. */
    public KilnServer pooling(boolean pooling) {
        this.pooling = pooling;
        return this;
    }

    /** Forces a transport; by default epoll where available, else NIO. */
    public KilnServer transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport == null");
        return this;
    }

    /**
     * The handlers of one connection, {@code HttpServerCodec → HttpObjectAggregator → RequestHandler}, as an
     * initializer: what {@link #start()} installs on every accepted channel, and what
     * {@link dev.kiln.test.KilnTest} runs in memory. Each call has its own context pools.
     */
    public ChannelInitializer<Channel> channelInitializer() {
        int poolCapacity = pooling ? ContextPool.DEFAULT_CAPACITY : 0;
        FastThreadLocal<ContextPool> pools = new FastThreadLocal<>() {
            @Override
            protected ContextPool initialValue() {
                return new ContextPool(routes, poolCapacity);
            }
        };
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderSize);
        int maxBody = maxBodySize;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast("http", new HttpServerCodec(decoderConfig))
                        .addLast("aggregator", new HttpObjectAggregator(maxBody))
                        .addLast("kiln", new RequestHandler(routes, pools));
            }
        };
    }

    /** Binds the port and starts serving; returns once the server accepts connections. */
    public RunningServer start() {
        Transport chosen = transport != null ? transport : Transport.best();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, chosen.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops, chosen.ioHandlerFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(chosen.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(channelInitializer());
            Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            int bound = ((InetSocketAddress) channel.localAddress()).getPort();
            String why = chosen == Transport.NIO ? Transport.epollUnavailableReason() : null;
            log.info("Kiln serving {} routes on {}:{} ({} transport{}, {} event loops, context pooling {})",
                    routes.routes().size(), host, bound, chosen, why == null ? "" : "; epoll unavailable: " + why,
                    eventLoops, pooling ? "on" : "off");
            return new RunningServer(channel, boss, workers, bound, chosen);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }
}
