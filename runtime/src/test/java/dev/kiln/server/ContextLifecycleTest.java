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
import dev.kiln.pool.PooledContext;
import dev.kiln.routing.Methods;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
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
            assertTrue(message.contains("GET /async/:id") || message.contains("after its request ended"), message);
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
    void resetClearsEveryFieldTheNextRequestCouldSee() throws Exception {
        TestRoutes routes = routes();
        PooledContext ctx = new PooledContext(routes);
        FullHttpRequest first = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/items/1?q=a",
                Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
        first.headers().set("X-Secret", "s3cret");
        try {
            String uri = "/items/1?q=a";
            int route = routes.match(Methods.POST, uri, 8, ctx.pathMatch());
            ctx.begin(Methods.POST, uri, 8, first);
            ctx.route(route);
            assertEquals(1, ctx.generation());
            ctx.set("user", "ada").status(418).header("X-Out", "1").text("teapot");
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

        String uri = "/keep/2";
        int route = routes.match(Methods.GET, uri, uri.length(), ctx.pathMatch());
        ctx.begin(Methods.GET, uri, uri.length(), null);
        ctx.route(route);
        assertNull(ctx.header("X-Secret"));
        assertNull(ctx.get("user"));
        assertNull(ctx.query("q"));
        assertEquals(0, ctx.body().length);
        assertEquals(200, ctx.status());
        assertNull(ctx.responseHeader("X-Out"));
        assertNull(ctx.responseText());
        assertNull(ctx.contentType());
        assertEquals("2", ctx.param("id"));
        assertFalse(ctx.isAborted());
        ctx.reset();
    }
}
