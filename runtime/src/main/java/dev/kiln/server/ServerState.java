package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * What the connections of one server share: the set of open ones, and whether the server is draining for
 * shutdown.
 *
 * <p>Draining reaches each connection as the {@link #DRAIN} user event, on its own event loop; a connection
 * accepted while the event was being sent sees {@link #isDraining()} when its handler is added. Either way its
 * {@link RequestHandler} closes it as soon as nothing is in flight.
 */
final class ServerState {
    /** The user event that tells a connection the server is shutting down. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    private final ChannelGroup connections = new DefaultChannelGroup("kiln-connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    /** Tracks a new connection until it closes. */
    void register(Channel ch) {
        connections.add(ch);
    }

    boolean isDraining() {
        return draining;
    }

    /** Tells every open connection to finish what it has started and close; returns a future of their closing. */
    ChannelGroupFuture drain() {
        draining = true; // before the loop: a connection added meanwhile sees it in handlerAdded
        ChannelGroupFuture closed = connections.newCloseFuture();
        for (Channel ch : connections) ch.pipeline().fireUserEventTriggered(DRAIN);
        return closed;
    }

    /** Connections still open. */
    int open() {
        return connections.size();
    }

    /** Closes whatever is still open, and returns a future of that. */
    ChannelGroupFuture closeAll() {
        return connections.close();
    }
}
