package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket: {@link #listen} opens and binds one, and this handler, its only one, gives every connection
 * it accepts {@code TCP_NODELAY} and the connection initializer and registers it on a worker loop.
 *
 * <p>That is what Netty's {@code ServerBootstrap} does, written out because of what it costs a start on one core: the
 * bootstrap makes the channel through a reflective constructor and adds a {@code ChannelInitializer} of its own,
 * whose {@code @Sharable} Netty looks up by reflection; the JDK spins a class for each (a method-handle accessor, an
 * annotation proxy), which no class-data archive keeps: about a tenth of a start-up with the AOT cache
 * (BENCHMARKS.md, "Start-up"). Each listener has its own ({@code reusePort(n)} makes several).
 */
final class Acceptor extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    /** How long accepting pauses after it failed: too many open files, say. As Netty's bootstrap does. */
    static final long PAUSE_SECONDS = 1;

    private final EventLoopGroup workers;
    private final ChannelHandler connections;
    /** Made before it is needed: when accepting fails for want of file descriptors, loading a class may fail too. */
    private final Runnable resume;

    Acceptor(EventLoopGroup workers, ChannelHandler connections, Channel listener) {
        this.workers = workers;
        this.connections = connections;
        this.resume = () -> listener.config().setAutoRead(true);
    }

    /**
     * A listening socket of {@code transport} on {@code address}, registered on {@code boss} and bound; on failure it
     * is closed again and the cause thrown (unchecked, as Netty throws its bind failures).
     */
    static Channel listen(Transport transport, EventLoopGroup boss, EventLoopGroup workers, ChannelHandler connections,
                          InetSocketAddress address, int backlog, boolean reusePort) {
        ServerChannel channel = transport.newServerChannel();
        try {
            channel.config().setOption(ChannelOption.SO_BACKLOG, backlog);
            if (reusePort) transport.enableReusePort(channel);
            channel.pipeline().addLast(new Acceptor(workers, connections, channel));
            boss.register(channel).syncUninterruptibly();
            channel.bind(address).syncUninterruptibly();
            return channel;
        } catch (Throwable e) {
            if (channel.isRegistered()) channel.close().awaitUninterruptibly();
            else channel.unsafe().closeForcibly();
            throw e;
        }
    }

    @Override
    public boolean isSharable() {
        return false; // answered here, so that Netty need not look for the annotation
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        try {
            child.config().setOption(ChannelOption.TCP_NODELAY, true);
            child.pipeline().addLast(connections);
            workers.register(child).addListener(CLOSE_UNREGISTERED);
        } catch (Throwable e) {
            closeUnregistered(child, e);
        }
    }

    /** Accepting failed: pauses it for a second rather than failing again at once, in a loop. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            log.warn("Accepting connections on {} failed, pausing for {} s: {}", ctx.channel().localAddress(),
                    PAUSE_SECONDS, cause.toString());
            config.setAutoRead(false);
            ctx.channel().eventLoop().schedule(resume, PAUSE_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static final ChannelFutureListener CLOSE_UNREGISTERED = (ChannelFuture f) -> {
        if (!f.isSuccess()) closeUnregistered(f.channel(), f.cause());
    };

    private static void closeUnregistered(Channel child, Throwable cause) {
        child.unsafe().closeForcibly();
        log.warn("Could not take the connection from {}: {}", child.remoteAddress(), cause.toString());
    }
}
