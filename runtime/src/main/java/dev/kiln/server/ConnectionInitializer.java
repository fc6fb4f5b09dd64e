package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A server's channel initializer: gives each accepted connection its handlers ({@link Http1Pipeline},
 * {@link TlsPipeline}, the h2c handlers), then leaves that connection's pipeline. One instance serves every
 * connection of the server, as the {@code @Sharable} on {@link ChannelInitializer} allows.
 *
 * <p>{@link #isSharable()} answers that without asking the annotation: Netty's own check reads it by reflection, once
 * per class and thread, and its first lookup in the JVM builds annotation proxies, milliseconds of start-up that the
 * AOT cache cannot keep (BENCHMARKS.md, "Start-up"). Kiln's per-connection handlers answer likewise
 * ({@link ConnectionState#isSharable()}).
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {
    private final Consumer<Channel> configure;

    /** Runs {@code configure} on each new connection's channel, on its event loop. */
    ConnectionInitializer(Consumer<Channel> configure) {
        this.configure = Objects.requireNonNull(configure, "configure == null");
    }

    @Override
    protected void initChannel(Channel ch) {
        configure.accept(ch);
    }

    /** Yes, as {@link ChannelInitializer}'s {@code @Sharable} says: the server adds this one to every connection. */
    @Override
    public boolean isSharable() {
        return true;
    }
}
