package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The test client's way to the handlers of one connection, which the runtime keeps package-private: this class
 * ships in {@code kiln-test}, in the server's package, so that the runtime jar has no public hook for tests.
 */
public final class InMemoryConnections {
    private InMemoryConnections() {}

    /**
     * The handlers of one connection with these settings, for an in-memory channel: {@code @Blocking} routes run on
     * the calling thread, so that a test sees their response as soon as it has written the request. Each call has
     * its own context pools and server state.
     */
    public static ChannelInitializer<Channel> initializer(KilnServer settings) {
        return settings.initializer(Runnable::run, settings.newState());
    }
}
