package dev.kiln.bench.rawnetty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty baseline server: {@link RawNettyHandler} on the transport and socket options Kiln's server
 * uses, so that {@code benchmarks/load.sh} can put the two side by side.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kiln.bench.rawnetty.RawNettyServer [--port N] [--host H]
 *      [--event-loops N] [--nio] [--kiln-footprint]
 * </pre>
 *
 * <p>Defaults: port 8080, host 127.0.0.1, epoll (NIO where epoll does not load, or with {@code --nio}), and
 * one event loop per available processor, which is Kiln's default too: under {@code taskset -c 0} the JVM
 * sees one processor, so both servers run one event loop, plus one acceptor thread each. {@code --kiln-footprint}
 * adds the per-connection objects Kiln had before 12e844b ({@link KilnFootprint}): a diagnostic, not
 * the baseline.
 */
public final class RawNettyServer {
    private RawNettyServer() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        String host = "127.0.0.1";
        int eventLoops = Runtime.getRuntime().availableProcessors();
        boolean nio = false;
        boolean kilnFootprint = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--event-loops" -> eventLoops = Integer.parseInt(value(args, ++i, "--event-loops"));
                case "--nio" -> nio = true;
                case "--kiln-footprint" -> kilnFootprint = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: RawNettyServer [--port N] [--host H] [--event-loops N] [--nio] [--kiln-footprint]");
            }
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (eventLoops < 1) throw new IllegalArgumentException("eventLoops < 1: " + eventLoops);

        boolean epoll = !nio && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops, io);
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(serverChannel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(RawNettyHandler.initializer(kilnFootprint))
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            int bound = ((InetSocketAddress) channel.localAddress()).getPort();
            System.out.printf("raw Netty serving on %s:%d (%s transport%s, %d event loops)%n", host, bound,
                    epoll ? "epoll" : "nio", epoll || nio ? "" : "; epoll unavailable: " + Epoll.unavailabilityCause(),
                    eventLoops);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                channel.close().syncUninterruptibly();
                boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
                workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            }, "raw-netty-shutdown"));
            channel.closeFuture().sync();
        } finally {
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }
}
