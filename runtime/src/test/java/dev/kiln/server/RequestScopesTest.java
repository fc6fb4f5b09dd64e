package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.test.KilnTest;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RequestScopes}: a scope opened per routed request, current in its code on the event loop, on a
 * {@code @Blocking} worker and where a deferred result is written, closed once with its route, status and
 * unanswered failure, and never left current; none for endpoints and requests turned away before routing.
 */
@Timeout(30)
class RequestScopesTest {
    /** What one close said. */
    record Closed(String scope, RouteInfo route, int status, Throwable failure) {}

    /** Scopes named s1, s2, ...; "current" is a per-thread stack, as a tracer's context storage is. */
    static class Recorder implements RequestScopes<String> {
        final AtomicInteger opened = new AtomicInteger();
        final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
        final ThreadLocal<Deque<String>> current = ThreadLocal.withInitial(ArrayDeque::new);
        /** Calls out of order, said here rather than thrown into the server. */
        final BlockingQueue<String> wrong = new LinkedBlockingQueue<>();
        volatile String openedWithTarget;
        /** The route each open scope was opened with: the one that answers, said before routing. */
        final Map<String, Optional<RouteInfo>> routeAtOpen = new ConcurrentHashMap<>();

        @Override
        public String open(Context ctx, HttpRequest request, RouteInfo route) {
            if (ctx.route() != null) wrong.add("opened after routing");
            openedWithTarget = ctx.method() + " " + request.uri();
            String scope = "s" + opened.incrementAndGet();
            routeAtOpen.put(scope, Optional.ofNullable(route));
            return scope;
        }

        @Override
        public Object enter(String scope) {
            current.get().push(scope);
            return scope;
        }

        @Override
        public void exit(Object entered) {
            String top = current.get().poll();
            if (!entered.equals(top)) wrong.add("exited " + entered + " while " + top + " was current");
        }

        @Override
        public void close(String scope, RouteInfo route, int status, Throwable failure) {
            if (!scope.equals(current())) wrong.add("closed " + scope + " while " + current() + " was current");
            Optional<RouteInfo> atOpen = routeAtOpen.remove(scope);
            if (atOpen == null || atOpen.orElse(null) != route) {
                wrong.add(scope + " opened with route " + atOpen + " but answered by " + route);
            }
            closed.add(new Closed(scope, route, status, failure));
        }

        String current() {
            return current.get().peek();
        }

        Closed next() throws InterruptedException {
            Closed c = closed.poll(5, TimeUnit.SECONDS);
            assertNotNull(c, "a scope was closed");
            return c;
        }
    }

    private final Recorder recorder = new Recorder();
    /** The scope current in each handler, and the thread it ran on, by route path. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockingStarted = new CountDownLatch(1);
    private RunningServer server;

    private void record(Context ctx) {
        String where = ctx.route() == null ? ctx.path() : ctx.route().path();
        seen.put(where, String.valueOf(recorder.current()));
        threads.put(where, Thread.currentThread().getName());
    }

    @BeforeEach
    void start() {
        server = new KilnServer(routes()).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .scopes(recorder)
                .endpoint("/probe", ctx -> ctx.text(String.valueOf(recorder.current())))
                .start();
    }

    private TestRoutes routes() {
        return TestRoutes.builder()
                .get("/hello", ctx -> {
                    record(ctx);
                    ctx.text("hello");
                })
                .get("/boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .blocking("GET", "/wait", ctx -> {
                    record(ctx);
                    blockingStarted.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    ctx.text("waited");
                })
                .get("/later", ctx -> ctx.defer(CompletableFuture.supplyAsync(() -> "later",
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)), (c, value) -> {
                            seen.put("/later writer", String.valueOf(recorder.current()));
                            threads.put("/later writer", Thread.currentThread().getName());
                            c.text(value);
                        }))
                .build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
        assertEquals("[]", recorder.wrong.toString());
    }

    @Test
    void aRoutedRequestRunsInItsScopeWhichClosesOnceWithItsRouteAndStatus() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals("hello", w.send(get("/hello?x=1")).read().text());
            Closed c = recorder.next();
            assertEquals("s1", c.scope());
            assertEquals("/hello", c.route().path());
            assertEquals(200, c.status());
            assertNull(c.failure());
            assertEquals("s1", seen.get("/hello"));
            assertEquals("GET /hello?x=1", recorder.openedWithTarget);
            assertEquals("null", w.send(get("/probe")).read().text(), "nothing left current on the event loop");
        }
        assertEquals(1, recorder.opened.get(), "the endpoint opened none");
        assertNull(recorder.closed.poll(), "closed once");
    }

    @Test
    void noRouteIsClosedWithoutOneAndAnUnansweredFailureWithIt() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(404, w.send(get("/nowhere")).read().status());
            Closed c = recorder.next();
            assertNull(c.route());
            assertEquals(404, c.status());
            assertEquals(500, w.send(get("/boom")).read().status());
            c = recorder.next();
            assertEquals("/boom", c.route().path());
            assertEquals(500, c.status());
            assertInstanceOf(IllegalStateException.class, c.failure());
        }
    }

    @Test
    void aBlockingChainRunsInTheScopeOnItsWorker() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            w.send(get("/wait"));
            assertTrue(blockingStarted.await(5, TimeUnit.SECONDS));
            release.countDown();
            assertEquals("waited", w.read().text());
            Closed c = recorder.next();
            assertEquals("/wait", c.route().path());
            assertEquals(c.scope(), seen.get("/wait"));
            assertTrue(threads.get("/wait").startsWith("kiln-blocking-"), threads.get("/wait"));
            assertEquals("null", w.send(get("/probe")).read().text());
        }
    }

    @Test
    void aDeferredResultIsWrittenInTheScopeBackOnTheEventLoop() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals("later", w.send(get("/later")).read().text());
            Closed c = recorder.next();
            assertEquals(c.scope(), seen.get("/later writer"));
            assertTrue(threads.get("/later writer").startsWith("kiln-loop"), threads.get("/later writer"));
            assertEquals("null", w.send(get("/probe")).read().text());
        }
    }

    @Test
    void pipelinedRequestsEachHaveAScopeOfTheirOwn() throws Exception {
        release.countDown();
        try (Wire w = Wire.connect(server.port())) {
            w.send(get("/hello") + get("/wait") + get("/later") + get("/hello"));
            for (String body : new String[] {"hello", "waited", "later", "hello"}) assertEquals(body, w.read().text());
        }
        String[] scopes = new String[4];
        for (int k = 0; k < 4; k++) scopes[k] = recorder.next().scope();
        assertEquals(4, Set.of(scopes).size(), String.join(",", scopes));
        assertEquals(scopes[1], seen.get("/wait"));
        assertEquals(scopes[2], seen.get("/later writer"));
    }

    @Test
    void aRequestWhoseConnectionClosedFirstIsClosedWithNoResponse() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            w.send(get("/wait"));
            assertTrue(blockingStarted.await(5, TimeUnit.SECONDS));
        }
        Thread.sleep(200); // the close reaches the server while the route still runs
        release.countDown();
        Closed c = recorder.next();
        assertEquals("/wait", c.route().path());
        assertEquals(ServerObserver.NO_RESPONSE, c.status());
    }

    @Test
    void requestsTurnedAwayBeforeRoutingGetNoScope() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(400, w.send(get("/a/../b")).read().status());
        }
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(400, w.send("GET /hello HTTP/1.1\r\n\r\n").read().status(), "no Host");
        }
        assertEquals(0, recorder.opened.get());
    }

    @Test
    void scopesThatThrowAreLoggedAndTheRequestIsAnsweredAllTheSame() {
        TestRoutes routes = TestRoutes.builder().get("/hello", ctx -> ctx.text("hello")).build();
        RequestScopes<String> failingOpen = new Recorder() {
            @Override
            public String open(Context ctx, HttpRequest request, RouteInfo route) {
                throw new IllegalStateException("open failed on purpose");
            }
        };
        Recorder failingClose = new Recorder() {
            @Override
            public void close(String scope, RouteInfo route, int status, Throwable failure) {
                throw new IllegalStateException("close failed on purpose");
            }
        };
        assertEquals("hello", KilnTest.of(new KilnServer(routes).scopes(failingOpen)).get("/hello").text());
        KilnTest closing = KilnTest.of(new KilnServer(routes).scopes(failingClose));
        assertEquals("hello", closing.get("/hello").text());
        assertEquals("hello", closing.get("/hello").text(), "the connection goes on");
        assertEquals(2, failingClose.opened.get());
    }

    @Test
    void aServerHasOneSetOfScopes() {
        KilnServer settings = new KilnServer(TestRoutes.builder().build()).scopes(new Recorder());
        assertThrows(IllegalStateException.class, () -> settings.scopes(new Recorder()));
    }

    /**
     * Over HTTP/2 the same: a request answered on the connection and one whose stream was given a handler of its own
     * after its chain ran (a hand-off, a failure) each run in their scope, closed once with their route and status.
     */
    @Test
    void http2StreamsRunInTheirScopesWhereverTheyAreAnswered() throws Exception {
        server.close();
        server = new KilnServer(routes()).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false).h2c(true)
                .scopes(recorder).start();
        release.countDown(); // /wait answers at once
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/hello");
            assertEquals("hello", h2.response(1).text());
            Closed c = recorder.next();
            assertEquals("/hello", c.route().path());
            assertEquals(200, c.status());
            assertEquals(c.scope(), seen.get("/hello"));

            h2.get(3, "/wait");
            assertEquals("waited", h2.response(3).text());
            c = recorder.next();
            assertEquals("/wait", c.route().path());
            assertEquals(c.scope(), seen.get("/wait"));
            assertTrue(threads.get("/wait").startsWith("kiln-blocking-"), threads.get("/wait"));

            h2.get(5, "/boom");
            assertEquals(500, h2.response(5).status());
            c = recorder.next();
            assertEquals(500, c.status());
            assertInstanceOf(IllegalStateException.class, c.failure());
        }
        assertEquals(3, recorder.opened.get());
        assertNull(recorder.closed.poll(), "each closed once");
    }
}
