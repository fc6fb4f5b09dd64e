package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connections}, the registry of one event loop's connections: it keeps them in the order they joined
 * across the gaps that leaving ones make (the order their objects are laid out in memory follows it), counts them
 * for the server, and runs its timer only while it holds a connection.
 */
class ConnectionsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop = new DefaultEventLoop();
    private final ServerState server = new ServerState(20 * SECOND, 60 * SECOND);

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static RequestHandler connection() {
        return new RequestHandler(null);
    }

    @Test
    void connectionsKeepTheOrderTheyJoinedInAcrossGaps() throws Exception {
        List<RequestHandler> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) all.add(connection());
        List<RequestHandler> expected = onLoop(() -> {
            Connections registry = server.connectionsOf(loop);
            List<RequestHandler> present = new ArrayList<>();
            for (RequestHandler c : all.subList(0, 30)) { // past the first capacity of 16: it grows
                registry.join(c);
                present.add(c);
            }
            for (int i = 0; i < 30; i += 3) { // a gap at every third slot
                registry.leave(all.get(i));
                present.remove(all.get(i));
            }
            for (RequestHandler c : all.subList(30, 40)) { // fills the 32 slots: the gaps close, in order
                registry.join(c);
                present.add(c);
            }
            return present;
        });
        List<ConnectionState> held = onLoop(() -> server.connectionsOf(loop).inOrder());
        assertEquals(expected, held);
        for (int i = 0; i < held.size(); i++) assertEquals(i, held.get(i).slot, "slot of the connection at " + i);
        assertEquals(30, server.open());
    }

    @Test
    void theTimerRunsOnlyWhileTheRegistryHoldsAConnection() throws Exception {
        RequestHandler a = connection();
        RequestHandler b = connection();
        Connections first = onLoop(() -> {
            Connections registry = server.connectionsOf(loop);
            assertFalse(registry.isTiming(), "no timer before the first connection");
            registry.join(a);
            registry.join(b);
            return registry;
        });
        assertTrue(onLoop(first::isTiming));
        assertEquals(2, server.open());

        onLoop(() -> {
            first.leave(a);
            first.leave(a); // again: no change
            return null;
        });
        assertEquals(1, server.open(), "a connection that leaves twice is counted once");
        assertTrue(onLoop(first::isTiming));

        onLoop(() -> {
            first.leave(b);
            return null;
        });
        assertEquals(0, server.open());
        assertFalse(onLoop(first::isTiming), "the last connection to leave stops the timer");
        Connections next = onLoop(() -> server.connectionsOf(loop));
        assertNotSame(first, next, "the emptied registry is forgotten; the next connection starts a new one");
        assertSame(next, onLoop(() -> server.connectionsOf(loop)));
    }

    @Test
    void theSweepClosesAnIdleConnectionAndTheLastToLeaveStopsIt() throws Exception {
        TestRoutes routes = TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build();
        KilnServer settings = new KilnServer(routes).idleTimeout(Duration.ofMillis(40));
        ServerState state = settings.newState();
        EmbeddedChannel ch = new EmbeddedChannel(settings.initializer(Runnable::run, state, null));
        Connections registry = state.connectionsOf(ch.eventLoop());
        assertEquals(1, registry.inOrder().size());
        assertTrue(registry.isTiming());

        Thread.sleep(100);
        ch.runScheduledPendingTasks(); // the sweep closes the idle connection, which leaves during the sweep
        ch.runPendingTasks();
        assertFalse(ch.isOpen(), "closed by the idle timeout");
        assertEquals(0, state.open());
        assertFalse(registry.isTiming(), "the registry's last connection left: its timer stopped");
        assertNotSame(registry, state.connectionsOf(ch.eventLoop()));
    }
}
