package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that cannot start fails at once with one clear exception, and leaves nothing running: no event loop, no
 * listener, no blocking thread that would keep the process alive.
 */
@Timeout(30)
class StartFailureTest {
    private static KilnServer server() {
        return new KilnServer(TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build())
                .host("127.0.0.1").eventLoops(2).printRoutes(false);
    }

    /**
     * Asserts that Kiln's threads alive are {@code expected}, allowing a thread whose loop has terminated a moment
     * to return from its run method.
     */
    private static void assertKilnThreads(Set<Thread> expected, String message) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        try {
            while (!kilnThreads().equals(expected) && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(expected, kilnThreads(), message);
    }

    /** Kiln's threads alive now: its event loops are named kiln-accept-… and kiln-loop-…. */
    private static Set<Thread> kilnThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("kiln-"))
                .collect(Collectors.toSet());
    }

    @Test
    void aSecondServerOnATakenPortFailsAndLeavesNoThreadBehind() {
        try (RunningServer first = server().port(0).start()) {
            Set<Thread> before = kilnThreads();
            ServerStartException e = assertThrows(ServerStartException.class, () -> server().port(first.port()).start());
            assertEquals("Kiln could not start on 127.0.0.1:" + first.port() + ": the port is already in use (another"
                    + " process listens on it; stop it, or choose another port)", e.getMessage());
            assertKilnThreads(before, "the failed start stopped every thread it had started");
            try (Wire wire = Wire.connect(first.port())) {
                assertEquals(200, wire.send(Wire.get("/ok")).read().status(), "and still serves");
            } catch (java.io.IOException io) {
                throw new AssertionError(io);
            }
        }
    }

    @Test
    void anAddressNoInterfaceHasFailsTheSameWay() {
        Set<Thread> before = kilnThreads();
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, on no interface of this machine.
        ServerStartException e = assertThrows(ServerStartException.class, () -> server().host("192.0.2.1").port(0).start());
        assertTrue(e.getMessage().startsWith("Kiln could not start on 192.0.2.1:0: "), e.getMessage());
        assertKilnThreads(before, "the failed start stopped every thread it had started");
    }
}
