package dev.kiln.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The I/O transport under the server: Linux's native epoll where its library loads, Java NIO elsewhere.
 */
public enum Transport {
    /** Netty's native transport for Linux: less garbage than NIO, and {@code SO_REUSEPORT}. */
    EPOLL("epoll") {
        @Override IoHandlerFactory ioHandlerFactory() { return EpollIoHandler.newFactory(); }
        @Override ServerChannel newServerChannel() { return new EpollServerSocketChannel(); }
        @Override boolean supportsReusePort() { return true; }
        @Override void enableReusePort(ServerChannel channel) { channel.config().setOption(EpollChannelOption.SO_REUSEPORT, true); }
    },
    /** Java NIO: runs everywhere, used where epoll's native library does not load. */
    NIO("nio") {
        @Override IoHandlerFactory ioHandlerFactory() { return NioIoHandler.newFactory(); }
        @Override ServerChannel newServerChannel() { return new NioServerSocketChannel(); }
    };

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    /** A listening socket of this transport, not yet registered or bound. */
    abstract ServerChannel newServerChannel();

    /** Whether several sockets may listen on one port here ({@code SO_REUSEPORT}, Linux 3.9+). */
    boolean supportsReusePort() {
        return false;
    }

    /** Sets {@code SO_REUSEPORT} on a listening socket before it binds; only where {@link #supportsReusePort()}. */
    void enableReusePort(ServerChannel channel) {
        throw new UnsupportedOperationException("SO_REUSEPORT needs epoll");
    }

    /** Epoll when it is available on this machine, otherwise NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used here, for the start-up log line; null when it is available. */
    static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : String.valueOf(cause.getMessage());
    }

    @Override
    public String toString() {
        return label;
    }
}
