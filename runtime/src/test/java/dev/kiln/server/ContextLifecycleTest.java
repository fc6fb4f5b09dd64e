package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Context;
import dev.kiln.RequestCopy;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pooled context's hygiene: every field reset on release, a generation counter that makes use after release
 * fail naming the route, confinement to the request's thread, {@code copy()} for work that outlives the request,
 * and the switch that turns pooling off.
 */
@Timeout(30)
class ContextLifecycleTest {
    private final List<Context> kept = new CopyOnWriteArrayList<>();
    private final List<RequestCopy> copies = new CopyOnWriteArrayList<>();
    private final ExecutorService elsewhere = Executors.newCachedThreadPool();

    private TestRoutes routes() {
        return TestRoutes.builder()
                .get("/keep/:id", ctx -> {
                    kept.add(ctx);
                    ctx.text("kept " + ctx.param("id"));
                })
                .post("/items/:id", ctx -> {
                    copies.add(ctx.set("user", "ada").copy());
                    ctx.text("copied");
                })
                .get("/other-thread", ctx -> {
                    try {
                        elsewhere.submit(() -> ctx.header("Host")).get();
                        ctx.text("no error");
                    } catch (ExecutionException e) {
                        ctx.status(500).text(e.getCause().getMessage());
                    }
                })
                .build();
    }

    @AfterEach
    void stopThreads() {
        elsewhere.shutdownNow();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void useAfterTheRequestEndedThrowsNamingTheRoute() {
        KilnTest app = KilnTest.of(routes());
        assertEquals("kept 1", app.get("/keep/1").text());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept.get(0).header("Host"));
        assertTrue(e.getMessage().startsWith("Context used after its request ended; it served GET /keep/:id -> Test#"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ctx.copy()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> kept.get(0).text("late"));
        assertThrows(IllegalStateException.class, () -> kept.get(0).next());
    }

    @Test
    void aContextHandedToAsyncWorkFailsThereEvenOnceItServesAnotherRequest() throws Exception {
        CountDownLatch requestOver = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        TestRoutes routes = TestRoutes.builder()
                .get("/async/:id", ctx -> {
                    elsewhere.submit(() -> {
                        try {
                            requestOver.await();
                            seen.add(ctx.param("id"));
                        } catch (RuntimeException | InterruptedException e) {
                            seen.add(e);
                        }
                    });
                    ctx.text("started " + ctx.param("id"));
                })
                .build();
        try (RunningServer server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).start();
             Wire wire = Wire.connect(server.port())) {
            assertEquals("started 1", wire.send(get("/async/1")).read().text());
            // The same pooled context now serves request 2 while the work from request 1 wakes up.
            wire.send(get("/async/2"));
            requestOver.countDown();
            assertEquals("started 2", wire.read().text());
            for (int i = 0; i < 100 && seen.size() < 2; i++) Thread.sleep(20);
        }
        assertEquals(2, seen.size());
        for (Object o : seen) {
            assertTrue(o instanceof IllegalStateException, "never another request's values: " + o);
            String message = ((IllegalStateException) o).getMessage();
            // Named by its route, or (when request 2 has begun but not yet been routed) as a request on another thread.
            assertTrue(message.contains("GET /async/:id") || message.contains("after its request ended")
                    || message.startsWith("Context of a request used on thread"), message);
        }
    }

    @Test
    void aContextIsConfinedToItsRequestsThread() {
        KilnTest.Response r = KilnTest.of(routes()).get("/other-thread");
        assertEquals(500, r.status());
        assertTrue(r.text().startsWith("Context of GET /other-thread -> Test#"), r.text());
        assertTrue(r.text().contains("confined to its request's thread: hand other threads ctx.copy()"), r.text());
    }

    @Test
    void aCopyOutlivesTheRequestAndIsReadableAnywhere() throws Exception {
        KilnTest app = KilnTest.of(routes());
        KilnTest.Response r = app.request("POST", "/items/a%2Fb?x=1&x=2&y=%C3%A9", Map.of("X-Tenant", "acme"),
                "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("copied", r.text());
        app.request("POST", "/items/other?x=9", Map.of("X-Tenant", "globex"), "bye".getBytes(StandardCharsets.UTF_8));
        RequestCopy copy = copies.get(0);
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> String.join("|", copy.method(), copy.path(),
                copy.param("id"), String.join(",", copy.queries("x")), copy.query("y"), copy.header("x-tenant"),
                copy.bodyText(), copy.route().path(), String.valueOf(copy.get("user"))), elsewhere);
        assertEquals("POST|/items/a%2Fb|a/b|1,2|é|acme|hello|/items/:id|ada", read.get(5, TimeUnit.SECONDS),
                "the first request's values, after the context served another");
        copy.body()[0] = 'J';
        assertEquals("hello", copy.bodyText(), "the copy's body cannot be changed from outside");
        assertEquals(Map.of("id", "a/b"), copy.params());
    }

    @Test
    void pooledContextsAreReusedAndEveryUseCountsAGeneration() {
        KilnTest app = KilnTest.of(routes());
        for (int i = 0; i < 3; i++) app.get("/keep/" + i);
        assertSame(kept.get(0), kept.get(1), "one connection, one event loop: its pool hands back the same context");
        assertSame(kept.get(1), kept.get(2));
        PooledContext ctx = (PooledContext) kept.get(0);
        assertTrue(ctx.isReleased());
        assertEquals(6, ctx.generation(), "three requests, each begun and ended");
    }

    @Test
    void withPoolingOffEveryRequestHasItsOwnContext() {
        KilnTest app = KilnTest.of(new KilnServer(routes()).pooling(false));
        for (int i = 0; i < 3; i++) app.get("/keep/" + i);
        assertNotSame(kept.get(0), kept.get(1));
        assertNotSame(kept.get(1), kept.get(2));
        for (Context c : kept) {
            assertTrue(((PooledContext) c).isReleased(), "released, and never handed out again");
            assertThrows(IllegalStateException.class, () -> c.param("id"));
        }
    }

    @Test
    void lookupOnlyRecordsAndRefusesAPathMatchThatRuns() {
        TestRoutes routes = routes();
        PathMatch plain = new PathMatch(routes.maxParams());
        assertEquals(0, routes.lookup(Methods.GET, "/keep/42", 8, plain));
        assertEquals(6, plain.offsets[0]);
        assertEquals(8, plain.offsets[1]);
        assertThrows(IllegalStateException.class, () -> plain.start(0), "a plain PathMatch has no context to run on");
        PathMatch running = new PathMatch(routes.maxParams(), true) {};
        assertThrows(IllegalArgumentException.class, () -> routes.lookup(Methods.GET, "/keep/42", 8, running));
    }

    @Test
    void resetClearsEveryFieldTheNextRequestCouldSee() throws Exception {
        List<String> seen = new ArrayList<>();
        TestRoutes routes = TestRoutes.builder()
                .post("/items/:id", ctx -> ctx.set("user", "ada").status(418).header("X-Out", "1").text("teapot"))
                .get("/look/:id", ctx -> {
                    // What the next request's handler sees, before it sets anything itself.
                    PooledContext c = (PooledContext) ctx;
                    seen.add(c.header("X-Secret") + " " + c.get("user") + " " + c.query("q") + " " + c.body().length
                            + " " + c.status() + " " + c.responseHeader("X-Out") + " " + c.responseText() + " "
                            + c.contentType() + " " + c.param("id") + " " + c.isAborted());
                })
                .build();
        PooledContext ctx = new PooledContext(routes);
        FullHttpRequest first = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/items/1?q=a",
                Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
        first.headers().set("X-Secret", "s3cret");
        try {
            String uri = "/items/1?q=a";
            ctx.begin(Methods.POST, uri, 8, first);
            assertEquals(0, ctx.serve());
            assertEquals(1, ctx.generation());
            assertEquals("teapot", ctx.responseText(), "the chain ran");
            assertEquals("a", ctx.query("q"));
            assertEquals("body", ctx.bodyText());
            ctx.reset();
        } finally {
            first.release();
        }
        assertTrue(ctx.isReleased());
        assertEquals(2, ctx.generation());
        ctx.reset();
        assertEquals(2, ctx.generation(), "a second reset changes nothing");

        String uri = "/look/2";
        ctx.begin(Methods.GET, uri, uri.length(), null);
        assertEquals(1, ctx.serve());
        assertEquals(List.of("null null null 0 200 null null null 2 false"), seen);
        assertThrows(IndexOutOfBoundsException.class, () -> ctx.param(1), "only the route's own parameter is readable");
        ctx.reset();
    }

    @Test
    void attributesAreOverwrittenCopiedAndClearedAndCostNothingOnceTheContextHasHeldThem() {
        PooledContext ctx = new PooledContext(TestRoutes.builder().get("/x", c -> { }).build());
        ctx.begin(Methods.GET, "/x", 2, null);
        for (int i = 0; i < 6; i++) ctx.set("k" + i, i); // more than the first array holds
        ctx.set(new String("k2"), "two"); // an equal key, not the same string
        assertEquals("two", ctx.get("k2"));
        assertEquals(5, ctx.get("k5"));
        assertNull(ctx.get("k6"));
        RequestCopy copy = ctx.copy();
        assertEquals("two", copy.get("k2"));
        assertEquals(0, copy.get("k0"));
        ctx.reset();
        ctx.begin(Methods.GET, "/x", 2, null);
        assertNull(ctx.get("k0"), "nothing of the last request");
        ctx.reset();

        String key = "requestId";
        String value = "abc";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) oneRequestWithAnAttribute(ctx, key, value); // compiled, as on a server
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) oneRequestWithAnAttribute(ctx, key, value);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Under one byte a request means no request made an object (the smallest takes 16 bytes).
        assertTrue(allocated < 100_000, allocated + " bytes allocated for 100,000 requests setting an attribute");
    }

    private static void oneRequestWithAnAttribute(PooledContext ctx, String key, String value) {
        ctx.begin(Methods.GET, "/x", 2, null);
        ctx.set(key, value);
        if (ctx.get(key) != value) throw new AssertionError("the attribute set");
        ctx.reset();
    }
}
