package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The middleware chain's semantics (README "Middleware", docs/architecture.md "The chain"), which are Gin's,
 * one test each, through the whole pipeline: one app compiled with the processor, driven with {@link KilnTest}.
 *
 * <p>Most middleware append their name to a request attribute, {@code trace}, with {@code ctx.set}; a handler
 * appends {@code handler} and answers the trace, so the body shows which links ran and in which order. Code
 * that runs after a handler reports what it saw in response headers. Counts that must survive a 500 (whose
 * response carries none of the context's headers) are static fields the {@code /stats} route reports.
 */
class MiddlewareSemanticsTest {
    /** The two global middleware, in declaration order: every route's trace starts with them. */
    private static final String GLOBALS = "GlobalB,GlobalA";

    private static final String GENERIC_500 = "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";

    private static CompiledApp app;
    private Routes routes;
    private KilnTest client;

    @BeforeAll
    static void compile() {
        app = CompiledApp.compile(sources());
    }

    @BeforeEach
    void connect() throws Exception {
        routes = build(prefix("default"));
        client = KilnTest.of(routes);
    }

    // ---- the application -------------------------------------------------------------------------------------

    private static List<JavaFileObject> sources() {
        return List.of(
                src("App", """
                        @KilnApplication
                        @Use({GlobalB.class, GlobalA.class})
                        public final class App {}
                        """),
                src("Trace", """
                        public final class Trace {
                            private Trace() {}
                            public static void add(Context ctx, String step) {
                                Object t = ctx.get("trace");
                                ctx.set("trace", t == null ? step : t + "," + step);
                            }
                            public static String of(Context ctx) {
                                Object t = ctx.get("trace");
                                return t == null ? "" : t.toString();
                            }
                            /** What every tracing handler does: note that it ran, answer the trace. */
                            public static String handler(Context ctx) {
                                add(ctx, "handler");
                                return of(ctx);
                            }
                        }
                        """),
                // Names chosen so that declaration order is neither alphabetical nor level by level alphabetical.
                tracer("GlobalB"), tracer("GlobalA"), tracer("ClassZ"), tracer("ClassY"), tracer("MethodQ"),
                tracer("MethodP"), tracer("Passive"), tracer("After"),
                middleware("Observer", """
                        Trace.add(ctx, "Observer");
                        ctx.next();
                        ctx.header("X-Final-Trace", Trace.of(ctx));
                        ctx.header("X-Final-Status", String.valueOf(ctx.status()));
                        """),
                middleware("AroundOuter", """
                        Trace.add(ctx, "AroundOuter:before");
                        ctx.next();
                        Trace.add(ctx, "AroundOuter:after");
                        ctx.header("X-Outer-Saw-Status", String.valueOf(ctx.status()));
                        ctx.header("X-Trace", Trace.of(ctx));
                        """),
                middleware("AroundInner", """
                        Trace.add(ctx, "AroundInner:before");
                        ctx.next();
                        Trace.add(ctx, "AroundInner:after");
                        ctx.header("X-Inner-Saw-Status", String.valueOf(ctx.status()));
                        """),
                middleware("Guard", """
                        Trace.add(ctx, "Guard");
                        ctx.abort();
                        Trace.add(ctx, "Guard:end");
                        ctx.header("X-Guard-End", "reached");
                        """),
                middleware("Deny", """
                        Trace.add(ctx, "Deny");
                        ctx.abortWithStatus(403);
                        Trace.add(ctx, "Deny:end");
                        """),
                middleware("AbortWatch", """
                        ctx.header("X-Outer-Before", String.valueOf(ctx.isAborted()));
                        ctx.next();
                        ctx.header("X-Outer-After", String.valueOf(ctx.isAborted()));
                        """),
                middleware("AbortInner", """
                        ctx.header("X-Inner-Before", String.valueOf(ctx.isAborted()));
                        ctx.abort();
                        ctx.header("X-Inner-After", String.valueOf(ctx.isAborted()));
                        """),
                middleware("Twice", """
                        Trace.add(ctx, "Twice");
                        ctx.next();
                        ctx.next();
                        Trace.add(ctx, "Twice:end");
                        """),
                src("Cleanup", """
                        public final class Cleanup implements Middleware {
                            public static final AtomicInteger FINALLY = new AtomicInteger();
                            public static final AtomicInteger AFTER = new AtomicInteger();
                            @Override public void handle(Context ctx) throws Exception {
                                try {
                                    ctx.next();
                                    AFTER.incrementAndGet();
                                } finally {
                                    FINALLY.incrementAndGet();
                                }
                            }
                        }
                        """),
                src("Thrower", """
                        public final class Thrower implements Middleware {
                            public static final AtomicInteger THROWN = new AtomicInteger();
                            @Override public void handle(Context ctx) {
                                THROWN.incrementAndGet();
                                throw new IllegalStateException("middleware failed");
                            }
                        }
                        """),
                middleware("CatchAndAbort", """
                        try {
                            ctx.next();
                        } catch (IllegalStateException e) {
                            ctx.abortWithStatus(503);
                            ctx.text("caught: " + e.getMessage());
                        }
                        """),
                middleware("Catcher", """
                        try {
                            ctx.next();
                        } catch (IllegalStateException e) {
                            ctx.status(503);
                            ctx.text("caught: " + e.getMessage());
                        }
                        """),
                src("Counter", """
                        public final class Counter implements Middleware {
                            public static final AtomicInteger CREATED = new AtomicInteger();
                            private int seen;
                            public Counter() {
                                CREATED.incrementAndGet();
                            }
                            @Override public void handle(Context ctx) {
                                seen++;
                                ctx.header("X-Seen", String.valueOf(seen));
                                ctx.header("X-Instance", String.valueOf(System.identityHashCode(this)));
                                ctx.header("X-Created", String.valueOf(CREATED.get()));
                            }
                        }
                        """),
                middleware("RouteEcho", """
                        RouteInfo r = ctx.route();
                        ctx.header("X-Method", r.method());
                        ctx.header("X-Path", r.path());
                        ctx.header("X-Handler", r.handler());
                        ctx.header("X-Middleware", String.join(",", r.middleware()));
                        ctx.header("X-Route-Identity", String.valueOf(System.identityHashCode(r)));
                        """),
                src("Prefix", """
                        public final class Prefix implements Middleware {
                            private final String tag;
                            public Prefix(String tag) {
                                this.tag = tag;
                            }
                            @Override public void handle(Context ctx) {
                                ctx.header("X-Tag", tag);
                            }
                        }
                        """),
                src("NotAComponent", """
                        public final class NotAComponent {}
                        """),
                src("Order", """
                        @Controller("/order")
                        @Use({ClassZ.class, ClassY.class})
                        public final class Order {
                            @Get("/full") @Use({MethodQ.class, MethodP.class})
                            public String full(Context ctx) { return Trace.handler(ctx); }
                            @Get("/plain")
                            public String plain(Context ctx) { return Trace.handler(ctx); }
                            @Get("/echo") @Use(RouteEcho.class)
                            public String echo(Context ctx) { return Trace.handler(ctx); }
                        }
                        """),
                src("Flow", """
                        @Controller("/flow")
                        public final class Flow {
                            @Get("/passive") @Use({Passive.class, After.class})
                            public String passive(Context ctx) { return Trace.handler(ctx); }
                            @Get("/around") @Use({AroundOuter.class, AroundInner.class})
                            public String around(Context ctx) {
                                ctx.status(201);
                                return Trace.handler(ctx);
                            }
                            @Get("/abort") @Use({Observer.class, Guard.class, After.class})
                            public String abort(Context ctx) { return Trace.handler(ctx); }
                            @Get("/abort-status") @Use({Observer.class, Deny.class, After.class})
                            public String abortStatus(Context ctx) { return Trace.handler(ctx); }
                            @Get("/aborted") @Use({AbortWatch.class, AbortInner.class})
                            public String aborted(Context ctx) { return Trace.handler(ctx); }
                            @Get("/not-aborted") @Use(AbortWatch.class)
                            public String notAborted(Context ctx) { return Trace.handler(ctx); }
                            @Get("/twice") @Use({Observer.class, Twice.class, After.class})
                            public String twice(Context ctx) { return Trace.handler(ctx); }
                            @Get("/twice-last") @Use({Observer.class, Twice.class})
                            public String twiceLast(Context ctx) { return Trace.handler(ctx); }
                        }
                        """),
                src("Boom", """
                        @Controller("/boom")
                        @Use(Cleanup.class)
                        public final class Boom {
                            public static final AtomicInteger HANDLER_RUNS = new AtomicInteger();
                            @Get("/handler")
                            public String handler() {
                                HANDLER_RUNS.incrementAndGet();
                                throw new IllegalStateException("handler failed");
                            }
                            @Get("/middleware") @Use(Thrower.class)
                            public String middleware() {
                                HANDLER_RUNS.incrementAndGet();
                                return "handler ran";
                            }
                            @Get("/ok")
                            public String ok() { return "ok"; }
                        }
                        """),
                src("Rescue", """
                        @Controller("/rescue")
                        @Use(Catcher.class)
                        public final class Rescue {
                            public static final AtomicInteger HANDLER_RUNS = new AtomicInteger();
                            @Get("/handler")
                            public String handler() {
                                HANDLER_RUNS.incrementAndGet();
                                throw new IllegalStateException("handler failed");
                            }
                            @Get("/middleware") @Use(Thrower.class)
                            public String middleware() {
                                HANDLER_RUNS.incrementAndGet();
                                return "handler ran";
                            }
                        }
                        """),
                src("RescueAbort", """
                        @Controller("/rescue-abort")
                        @Use({CatchAndAbort.class, Thrower.class})
                        public final class RescueAbort {
                            @Get("/middleware")
                            public String middleware() {
                                Rescue.HANDLER_RUNS.incrementAndGet();
                                return "handler ran";
                            }
                        }
                        """),
                src("Left", """
                        @Controller("/left")
                        @Use(Counter.class)
                        public final class Left {
                            @Get("/a")
                            public String a() { return "a"; }
                        }
                        """),
                src("Misc", """
                        @Controller
                        public final class Misc {
                            @Get("/bare")
                            public String bare(Context ctx) { return Trace.handler(ctx); }
                            @Get("/count") @Use(Counter.class)
                            public String count() { return "count"; }
                            @Get("/info/:id") @Use(RouteEcho.class)
                            public String info(@PathParam String id) { return "id=" + id; }
                            @Get("/tagged") @Use(Prefix.class)
                            public String tagged() { return "tagged"; }
                            @Get("/stats")
                            public String stats() {
                                return "finally=" + Cleanup.FINALLY + " after=" + Cleanup.AFTER
                                        + " boom=" + Boom.HANDLER_RUNS + " rescue=" + Rescue.HANDLER_RUNS
                                        + " thrown=" + Thrower.THROWN;
                            }
                        }
                        """));
    }

    /** A source in package {@code app} with the imports every class here uses. */
    private static JavaFileObject src(String simpleName, String body) {
        return CompiledApp.source("app." + simpleName,
                "package app;",
                "import dev.kiln.Context;",
                "import dev.kiln.Middleware;",
                "import dev.kiln.annotation.*;",
                "import dev.kiln.RouteInfo;",
                "import java.util.concurrent.atomic.AtomicInteger;",
                body);
    }

    private static JavaFileObject middleware(String name, String handleBody) {
        return src(name, "public final class " + name + " implements Middleware {\n"
                + "    @Override public void handle(Context ctx) throws Exception {\n"
                + handleBody.indent(8)
                + "    }\n"
                + "}\n");
    }

    /** A middleware that appends its name to the trace and returns without calling {@code next()}. */
    private static JavaFileObject tracer(String name) {
        return middleware(name, "Trace.add(ctx, \"" + name + "\");\n");
    }

    // ---- builder and helpers ---------------------------------------------------------------------------------

    /** {@code AppRoutes.builder().with(each instance).build()}, by reflection, unwrapping what it throws. */
    private static Routes build(Object... instances) throws Exception {
        Class<?> routesClass = app.load("app.AppRoutes");
        try {
            Object builder = routesClass.getMethod("builder").invoke(null);
            for (Object instance : instances) {
                Method with = builder.getClass().getMethod("with", instance.getClass()); // one per class
                with.invoke(builder, instance);
            }
            return (Routes) builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private static Object newInstance(String simpleName, Object... args) throws Exception {
        Class<?> cls = app.load("app." + simpleName);
        Class<?>[] types = new Class<?>[args.length];
        for (int k = 0; k < args.length; k++) types[k] = args[k].getClass();
        return cls.getConstructor(types).newInstance(args);
    }

    private static Object prefix(String tag) throws Exception {
        return newInstance("Prefix", tag);
    }

    private static int staticCount(String simpleName, String field) throws Exception {
        return ((java.util.concurrent.atomic.AtomicInteger) app.load("app." + simpleName).getField(field).get(null)).get();
    }

    /** The counters {@code /stats} reports, read through the pipeline like any response. */
    private Map<String, Integer> stats() {
        KilnTest.Response r = client.get("/stats");
        assertEquals(200, r.status(), "stats");
        Map<String, Integer> counts = new HashMap<>();
        for (String pair : r.text().split(" ")) {
            String[] kv = pair.split("=");
            counts.put(kv[0], Integer.parseInt(kv[1]));
        }
        return counts;
    }

    private static Map<String, Integer> delta(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> d = new HashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.get(k)));
        return d;
    }

    // ---- 1. order --------------------------------------------------------------------------------------------

    @Test
    void chainRunsGlobalThenClassThenMethodThenHandlerEachInDeclarationOrder() {
        KilnTest.Response full = client.get("/order/full");
        KilnTest.Response plain = client.get("/order/plain");
        KilnTest.Response bare = client.get("/bare");
        assertAll(
                () -> assertEquals(200, full.status()),
                () -> assertEquals(GLOBALS + ",ClassZ,ClassY,MethodQ,MethodP,handler", full.text(),
                        "global -> class -> method -> handler, each in @Use order"),
                () -> assertEquals(GLOBALS + ",ClassZ,ClassY,handler", plain.text(),
                        "another handler of the class: no method middleware of its sibling"),
                () -> assertEquals(GLOBALS + ",handler", bare.text(),
                        "a controller without @Use: globals only, no class middleware of another controller"));
    }

    // ---- 2. returning without next() ------------------------------------------------------------------------

    @Test
    void returningWithoutNextLetsTheChainContinue() {
        // GlobalB, GlobalA and Passive all return without calling next(); After and the handler still run, once.
        KilnTest.Response r = client.get("/flow/passive");
        assertEquals(200, r.status());
        assertEquals(GLOBALS + ",Passive,After,handler", r.text());
    }

    // ---- 3. next() runs the rest and returns ----------------------------------------------------------------

    @Test
    void codeAfterNextRunsAfterTheHandlerAndSeesItsStatus() {
        KilnTest.Response r = client.get("/flow/around");
        assertAll(
                () -> assertEquals(201, r.status(), "the handler's status reaches the client"),
                () -> assertEquals(GLOBALS + ",AroundOuter:before,AroundInner:before,handler", r.text(),
                        "the handler ran inside both next() calls, before either middleware's after-code"),
                () -> assertEquals(GLOBALS + ",AroundOuter:before,AroundInner:before,handler,AroundInner:after,AroundOuter:after",
                        r.header("X-Trace"), "after-code unwinds inner first, then outer"),
                () -> assertEquals("201", r.header("X-Inner-Saw-Status")),
                () -> assertEquals("201", r.header("X-Outer-Saw-Status")));
    }

    // ---- 4. abort ----------------------------------------------------------------------------------------------

    @Test
    void abortStopsTheRestButTheCurrentMiddlewareRunsToItsEnd() {
        KilnTest.Response r = client.get("/flow/abort");
        assertAll(
                () -> assertEquals(200, r.status(), "abort() alone does not change the status"),
                () -> assertEquals("", r.text(), "the handler did not run, so nothing wrote a body"),
                () -> assertEquals(GLOBALS + ",Observer,Guard,Guard:end", r.header("X-Final-Trace"),
                        "After and the handler never ran; Guard ran past its abort()"),
                () -> assertEquals("reached", r.header("X-Guard-End")));

        KilnTest.Response denied = client.get("/flow/abort-status");
        assertAll(
                () -> assertEquals(403, denied.status(), "abortWithStatus sets the status"),
                () -> assertEquals("", denied.text(), "the handler did not run"),
                () -> assertEquals(GLOBALS + ",Observer,Deny,Deny:end", denied.header("X-Final-Trace")),
                () -> assertEquals("403", denied.header("X-Final-Status"), "an outer middleware sees the status after next()"));
    }

    // ---- 5. isAborted ----------------------------------------------------------------------------------------

    @Test
    void isAbortedIsFalseBeforeAndTrueAfterAbortForTheMiddlewareAndAnOuterOne() {
        KilnTest.Response r = client.get("/flow/aborted");
        assertAll(
                () -> assertEquals("false", r.header("X-Outer-Before")),
                () -> assertEquals("false", r.header("X-Inner-Before")),
                () -> assertEquals("true", r.header("X-Inner-After")),
                () -> assertEquals("true", r.header("X-Outer-After"), "the outer middleware sees the abort after its next()"),
                () -> assertEquals("", r.text(), "the handler did not run"));

        KilnTest.Response plain = client.get("/flow/not-aborted");
        assertAll(
                () -> assertEquals("false", plain.header("X-Outer-Before")),
                () -> assertEquals("false", plain.header("X-Outer-After"), "a chain that ran to its end is not aborted"),
                () -> assertEquals(GLOBALS + ",handler", plain.text()));

        // The abort of one request is not seen by the next one on the same (pooled) context.
        KilnTest.Response again = client.get("/flow/not-aborted");
        assertEquals("false", again.header("X-Outer-Before"));
        assertEquals("false", again.header("X-Outer-After"));
    }

    // ---- 6. next() twice ---------------------------------------------------------------------------------------

    @Test
    void callingNextTwiceNeverRunsTheRestTwice() {
        KilnTest.Response r = client.get("/flow/twice");
        assertAll(
                () -> assertEquals(GLOBALS + ",Observer,Twice,After,handler", r.text()),
                () -> assertEquals(GLOBALS + ",Observer,Twice,After,handler,Twice:end", r.header("X-Final-Trace"),
                        "After and the handler ran once; Twice's own code after both next() calls ran once"));

        KilnTest.Response last = client.get("/flow/twice-last");
        assertAll(
                () -> assertEquals(GLOBALS + ",Observer,Twice,handler", last.text()),
                () -> assertEquals(GLOBALS + ",Observer,Twice,handler,Twice:end", last.header("X-Final-Trace"),
                        "the handler, the link right after Twice, ran once"));
    }

    // ---- 7. exceptions -----------------------------------------------------------------------------------------

    @Test
    void anExceptionPropagatesOnceThroughOuterMiddlewareToOneGeneric500() throws Exception {
        Map<String, Integer> s0 = stats();
        KilnTest.Response fromHandler = client.get("/boom/handler"); // throws if not exactly one response
        Map<String, Integer> s1 = stats();
        assertAll("handler throws",
                () -> assertEquals(500, fromHandler.status()),
                () -> assertEquals(GENERIC_500, fromHandler.text(), "the generic body, not the exception's message"),
                () -> assertEquals(1, delta(s0, s1).get("boom"), "the handler ran once"),
                () -> assertEquals(1, delta(s0, s1).get("finally"), "the outer finally ran once"),
                () -> assertEquals(0, delta(s0, s1).get("after"), "code after next() did not run"));

        KilnTest.Response fromMiddleware = client.get("/boom/middleware");
        Map<String, Integer> s2 = stats();
        assertAll("middleware throws",
                () -> assertEquals(500, fromMiddleware.status()),
                () -> assertEquals(GENERIC_500, fromMiddleware.text()),
                () -> assertEquals(1, delta(s1, s2).get("thrown"), "the middleware ran once"),
                () -> assertEquals(0, delta(s1, s2).get("boom"), "the handler after it never ran"),
                () -> assertEquals(1, delta(s1, s2).get("finally"), "the outer finally ran once"),
                () -> assertEquals(0, delta(s1, s2).get("after"), "code after next() did not run"));

        // Pipelined after a failure: exactly one response per request, in order, on a connection still open.
        List<KilnTest.Response> both = client.raw((
                "GET /boom/handler HTTP/1.1\r\nHost: test\r\n\r\n"
                + "GET /boom/ok HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2, both.size(), "one response per request");
        assertEquals(500, both.get(0).status());
        assertEquals(GENERIC_500, both.get(0).text());
        assertEquals(200, both.get(1).status());
        assertEquals("ok", both.get(1).text());
        assertFalse(client.isClosed());
    }

    @Test
    void aMiddlewareThatCatchesTheHandlersExceptionAnswersInstead() {
        Map<String, Integer> s0 = stats();
        KilnTest.Response r = client.get("/rescue/handler");
        Map<String, Integer> s1 = stats();
        assertEquals(503, r.status());
        assertEquals("caught: handler failed", r.text());
        assertEquals(1, delta(s0, s1).get("rescue"), "the handler ran once");
    }

    /*
     * Regression: an inner middleware throws and an outer one catches the exception from next() and answers.
     * The handler must not run afterwards (a throwing auth check under a catching middleware would otherwise let
     * the request through): an exception leaving a link aborts the rest of the chain. Gin keeps going unless the
     * recovering middleware aborts; Kiln fails closed.
     */
    @Test
    void aMiddlewareThatCatchesAnInnerMiddlewaresExceptionAnswersAndTheHandlerNeverRuns() {
        Map<String, Integer> s0 = stats();
        KilnTest.Response r = client.get("/rescue/middleware");
        Map<String, Integer> s1 = stats();
        assertAll(
                () -> assertEquals(1, delta(s0, s1).get("thrown"), "the inner middleware ran once"),
                () -> assertEquals(0, delta(s0, s1).get("rescue"), "the handler after the failed middleware must not run"),
                () -> assertEquals(503, r.status()),
                () -> assertEquals("caught: middleware failed", r.text()));
    }

    @Test
    void aMiddlewareThatCatchesAnInnerMiddlewaresExceptionAndAbortsAnswers() {
        Map<String, Integer> s0 = stats();
        KilnTest.Response r = client.get("/rescue-abort/middleware");
        Map<String, Integer> s1 = stats();
        assertAll(
                () -> assertEquals(1, delta(s0, s1).get("thrown")),
                () -> assertEquals(0, delta(s0, s1).get("rescue"), "abort() in the catch keeps the handler from running"),
                () -> assertEquals(503, r.status()),
                () -> assertEquals("caught: middleware failed", r.text()));
    }

    // ---- 8. one instance per class per application --------------------------------------------------------

    @Test
    void oneInstancePerMiddlewareClassPerApplicationCreatedOnce() throws Exception {
        int createdBefore = staticCount("Counter", "CREATED");
        KilnTest own = KilnTest.of(build(prefix("counting")));
        assertEquals(createdBefore + 1, staticCount("Counter", "CREATED"), "build() creates Counter once, for all its routes");

        // /left/a has Counter at class level, /count at method level of another controller: the same object.
        KilnTest.Response a1 = own.get("/left/a");
        KilnTest.Response c2 = own.get("/count");
        KilnTest.Response a3 = own.get("/left/a");
        assertAll(
                () -> assertEquals("1", a1.header("X-Seen")),
                () -> assertEquals("2", c2.header("X-Seen"), "the other route's request was counted by the same instance"),
                () -> assertEquals("3", a3.header("X-Seen")),
                () -> assertEquals(a1.header("X-Instance"), c2.header("X-Instance")),
                () -> assertEquals(a1.header("X-Instance"), a3.header("X-Instance")),
                () -> assertEquals(String.valueOf(createdBefore + 1), a3.header("X-Created"), "no instance created per request"));

        // Another application (another build) has its own instance, counting from the start.
        KilnTest other = KilnTest.of(build(prefix("other")));
        KilnTest.Response o1 = other.get("/count");
        assertEquals("1", o1.header("X-Seen"));
        assertNotEquals(a1.header("X-Instance"), o1.header("X-Instance"));
        assertEquals(createdBefore + 2, staticCount("Counter", "CREATED"));
    }

    // ---- 9. the matched route ----------------------------------------------------------------------------------

    @Test
    void middlewareReadsTheMatchedRouteFromTheGeneratedConstant() {
        KilnTest.Response info = client.get("/info/42");
        KilnTest.Response echo = client.get("/order/echo");
        RouteInfo infoRoute = routeAt("GET", "/info/:id");
        RouteInfo echoRoute = routeAt("GET", "/order/echo");
        assertAll(
                () -> assertEquals("id=42", info.text()),
                () -> assertEquals("GET", info.header("X-Method")),
                () -> assertEquals("/info/:id", info.header("X-Path"), "the template, not the request's path"),
                () -> assertEquals("Misc#info(String)", info.header("X-Handler")),
                () -> assertEquals(GLOBALS + ",RouteEcho", info.header("X-Middleware")),
                () -> assertEquals(String.valueOf(System.identityHashCode(infoRoute)), info.header("X-Route-Identity"),
                        "ctx.route() is the generated table's own RouteInfo, not a copy"),
                () -> assertEquals("/order/echo", echo.header("X-Path"), "the same middleware sees each request's own route"),
                () -> assertEquals("Order#echo(Context)", echo.header("X-Handler")),
                () -> assertEquals(GLOBALS + ",ClassZ,ClassY,RouteEcho", echo.header("X-Middleware"), "the resolved chain, in order"),
                () -> assertEquals(String.valueOf(System.identityHashCode(echoRoute)), echo.header("X-Route-Identity")),
                () -> assertEquals(GLOBALS + ",ClassZ,ClassY,handler", echo.text(), "RouteEcho returned without next(); the chain went on"));
    }

    private RouteInfo routeAt(String method, String path) {
        for (int k = 0; k < routes.routes().size(); k++) {
            RouteInfo r = routes.routes().get(k);
            if (r.method().equals(method) && r.path().equals(path)) {
                assertSame(r, routes.route(k));
                return r;
            }
        }
        throw new AssertionError("no route " + method + " " + path);
    }

    // ---- generated names -------------------------------------------------------------------------------------

    /** A small app whose one middleware is {@code name}, which answers {@code "ran " + name} after the handler. */
    private static KilnTest appWithMiddlewareNamed(String name) throws Exception {
        CompiledApp small = CompiledApp.compile(
                CompiledApp.source("named.App", "package named;", "import dev.kiln.annotation.*;",
                        "@KilnApplication @Use(" + name + ".class) public final class App {}"),
                CompiledApp.source("named." + name, "package named;", "import dev.kiln.*;",
                        "public final class " + name + " implements Middleware {",
                        "    @Override public void handle(Context ctx) throws Exception {",
                        "        ctx.next();",
                        "        ctx.text(\"ran " + name + "\");",
                        "    }",
                        "}"),
                CompiledApp.source("named.Api", "package named;", "import dev.kiln.annotation.*;",
                        "@Controller public final class Api {",
                        "    @Get(\"/\") public String root() { return \"handler\"; }",
                        "}"));
        return KilnTest.of(small.routes("named.AppRoutes"));
    }

    /*
     * Regression: a middleware (or controller) named Finally, Switch, Default, New, ... once got a field named after
     * a Java keyword and the processor failed with "[Kiln/InternalError] ... not a valid name: finally".
     */
    @Test
    void aMiddlewareNamedLikeAJavaKeywordWorks() throws Exception {
        assertEquals("ran Finally", appWithMiddlewareNamed("Finally").get("/").text());
    }

    /*
     * Regression: a middleware named Ctx (field "ctx") or Index (field "index") was shadowed by the parameters of
     * "routeN(int index, Context ctx)" and the generated code did not compile; fields are now written "this.x".
     */
    @Test
    void aMiddlewareNamedLikeAChainMethodParameterWorks() throws Exception {
        assertAll(
                () -> assertEquals("ran Ctx", appWithMiddlewareNamed("Ctx").get("/").text()),
                () -> assertEquals("ran Index", appWithMiddlewareNamed("Index").get("/").text()));
    }

    // ---- 10. builder instances ---------------------------------------------------------------------------------

    @Test
    void builderTakesInstancesAndNamesWhatIsMissingOrWrong() throws Exception {
        // A middleware without a public no-arg constructor is used as passed.
        KilnTest tagged = KilnTest.of(build(prefix("from-builder")));
        assertEquals("from-builder", tagged.get("/tagged").header("X-Tag"));

        // Without it, build() fails with an IllegalStateException that names the class and says how to pass it
        // (issue #19: it was a NullPointerException).
        IllegalStateException missing = assertThrows(IllegalStateException.class, MiddlewareSemanticsTest::build);
        assertEquals("Prefix has no public no-arg constructor, so Kiln cannot create it: make one (its constructor,"
                + " or its builder if it has one) and pass it with AppRoutes.builder().with(...)", missing.getMessage());

        // An instance of a middleware Kiln could create itself replaces the one it would create.
        int createdBefore = staticCount("Counter", "CREATED");
        Object mine = newInstance("Counter");
        KilnTest.Response r = KilnTest.of(build(prefix("x"), mine)).get("/count");
        assertEquals(String.valueOf(System.identityHashCode(mine)), r.header("X-Instance"));
        assertEquals(createdBefore + 1, staticCount("Counter", "CREATED"), "only the instance passed was created");
    }

    /** The builder has a with(...) per class it can take: an instance of any other class does not compile. */
    @Test
    void anInstanceOfAClassTheAppDoesNotUseIsACompileError() {
        List<JavaFileObject> withWiring = new ArrayList<>(sources());
        JavaFileObject wiring = src("Wiring", """
                public final class Wiring {
                    static AppRoutes routes() {
                        return AppRoutes.builder().with(new Prefix("x"))
                                .with(new NotAComponent())
                                .build();
                    }
                }
                """);
        withWiring.add(wiring);
        Compilation c = javac().withProcessors(new KilnProcessor()).compile(withWiring);
        assertThat(c).hadErrorContaining("no suitable method found for with(").inFile(wiring).onLineContaining("NotAComponent()");
        assertThat(c).hadErrorCount(1);
    }
}
