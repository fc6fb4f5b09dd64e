package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport: epoll by default on Linux, NIO as the fallback, the event loop count, and SO_REUSEPORT. */
@Timeout(30)
class TransportTest {
    private static final TestRoutes ROUTES = TestRoutes.builder()
            .get("/thread", ctx -> ctx.text(Thread.currentThread().getName()))
            .build();

    private static KilnServer server() {
        return new KilnServer(ROUTES).port(0).host("127.0.0.1").shutdownTimeout(Duration.ofSeconds(1));
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void epollIsTheDefaultWhereItLoads() throws Exception {
        try (RunningServer s = server().start()) {
            assertEquals(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, s.transport());
            assertServes(s, 3);
        }
    }

    @Test
    void nioServesTooAndCannotReusePorts() throws Exception {
        try (RunningServer s = server().transport(Transport.NIO).reusePort(4).start()) {
            assertEquals(Transport.NIO, s.transport());
            assertEquals(1, s.listeners(), "SO_REUSEPORT needs epoll: one listener, and a warning in the log");
            assertServes(s, 3);
        }
    }

    @Test
    void theEventLoopCountIsConfigurable() throws Exception {
        try (RunningServer s = server().eventLoops(3).start()) {
            Set<String> loops = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                try (Wire wire = Wire.connect(s.port())) {
                    loops.add(wire.send(get("/thread")).read().text());
                }
            }
            assertEquals(3, loops.size(), "connections are spread over exactly three loops: " + loops);
        }
    }

    @Test
    void reusePortBindsOneListenerPerAcceptingLoop() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT needs epoll");
        try (RunningServer s = server().reusePort(3).eventLoops(2).start()) {
            assertEquals(Transport.EPOLL, s.transport());
            assertEquals(3, s.listeners());
            assertServes(s, 30);
        }
    }

    private static void assertServes(RunningServer s, int connections) throws Exception {
        for (int i = 0; i < connections; i++) {
            try (Wire wire = Wire.connect(s.port())) {
                Wire.Response r = wire.send(get("/thread")).read();
                assertEquals(200, r.status());
                assertTrue(r.text().startsWith("kiln-loop-"), r.text());
            }
        }
    }
}
