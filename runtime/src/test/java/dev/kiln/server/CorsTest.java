package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.middleware.Cors;
import dev.kiln.routing.Methods;
import dev.kiln.test.KilnTest;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Cors} against the Fetch standard's CORS protocol (https://fetch.spec.whatwg.org/#http-cors-protocol), rule by
 * rule, as a global middleware in front of hand-written routes (so it lives in the server's package, beside
 * {@link TestRoutes}). The browser's side of the same rules is {@link CorsBrowserTest}.
 */
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.net";

    private static final String ACAO = "Access-Control-Allow-Origin";
    private static final String ACAC = "Access-Control-Allow-Credentials";
    private static final String ACAM = "Access-Control-Allow-Methods";
    private static final String ACAH = "Access-Control-Allow-Headers";
    private static final String ACEH = "Access-Control-Expose-Headers";
    private static final String ACMA = "Access-Control-Max-Age";
    private static final List<String> CORS_HEADERS = List.of(ACAO, ACAC, ACAM, ACAH, ACEH, ACMA);

    /** The configuration most tests use: one origin, PUT and DELETE besides the safelisted methods, JSON bodies. */
    private static Cors.Builder config() {
        return Cors.builder()
                .allowOrigins(APP)
                .allowMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .allowHeaders("Content-Type", "X-Request-Id")
                .exposeHeaders("Location", "X-Request-Id");
    }

    /**
     * {@code /items/:id} has GET and PUT; {@code /custom} routes OPTIONS itself and says {@code Allow};
     * {@code /bare} routes OPTIONS itself and says nothing; {@code /todos...} for {@link Cors.Builder#paths}.
     */
    private static KilnTest app(Cors cors) {
        return KilnTest.of(TestRoutes.builder()
                .use("Cors", cors)
                .get("/items/:id", ctx -> ctx.header("X-Request-Id", "r-1").text("item " + ctx.param("id")))
                .route("PUT", "/items/:id", false, ctx -> ctx.text("updated " + ctx.param("id")))
                .route("DELETE", "/things/:id", false, ctx -> ctx.status(204))
                .get("/custom", ctx -> ctx.text("custom"))
                .route("PUT", "/custom", false, ctx -> ctx.text("custom put"))
                .route("OPTIONS", "/custom", false, ctx -> ctx.status(200).header("Allow", "GET, HEAD, PUT, OPTIONS"))
                .get("/bare", ctx -> ctx.text("bare"))
                .route("OPTIONS", "/bare", false, ctx -> ctx.status(204))
                .get("/todos", ctx -> ctx.text("todos"))
                .get("/todos/:id", ctx -> ctx.text("todo"))
                .get("/todosx", ctx -> ctx.text("not todos"))
                .build());
    }

    private static KilnTest.Response get(KilnTest app, String path, String origin) {
        return app.call("GET", path).header("Origin", origin).send();
    }

    private static KilnTest.Response preflight(KilnTest app, String path, String origin, String method, String headers) {
        KilnTest.Call call = app.call("OPTIONS", path).header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) call.header("Access-Control-Request-Headers", headers);
        return call.send();
    }

    private static void assertNoCorsHeaders(KilnTest.Response r) {
        for (String h : CORS_HEADERS) assertNull(r.header(h), h + " on a response that grants nothing");
    }

    // ---- actual requests --------------------------------------------------------------------------------------

    @Test
    void aRequestWithoutOriginIsLeftAlone() {
        KilnTest.Response r = app(config().build()).get("/items/1");
        assertEquals("item 1", r.text());
        assertNoCorsHeaders(r);
        assertNull(r.header("Vary"), "not a CORS request, and varyEveryResponse() was not asked for");
    }

    @Test
    void aSimpleRequestFromAnAllowedOriginMayBeReadByIt() {
        KilnTest.Response r = get(app(config().build()), "/items/1", APP);
        assertEquals("item 1", r.text());
        assertEquals(APP, r.header(ACAO), "the origin itself: the list is not sent");
        assertEquals("Origin", r.header("Vary"), "the answer depends on the origin");
        assertEquals("Location, X-Request-Id", r.header(ACEH));
        assertNull(r.header(ACAC), "no credentials unless allowed");
        assertNull(r.header(ACAM), "preflight headers only on preflights");
        assertNull(r.header(ACMA));
    }

    @Test
    void aRequestFromAnotherOriginIsServedWithoutCorsHeaders() {
        KilnTest.Response r = get(app(config().build()), "/items/1", EVIL);
        assertEquals(200, r.status(), "the browser, not the server, keeps the response from the page");
        assertEquals("item 1", r.text());
        assertNoCorsHeaders(r);
        assertEquals("Origin", r.header("Vary"), "a cache must not hand this answer to an allowed origin");
    }

    @Test
    void originsAreComparedAsBrowsersSendThemExactly() {
        KilnTest app = app(config().build());
        assertNoCorsHeaders(get(app, "/items/1", "http://app.example.com"));       // another scheme
        assertNoCorsHeaders(get(app, "/items/1", "https://app.example.com:8443")); // another port
        assertNoCorsHeaders(get(app, "/items/1", "https://app.example.com.evil.example.net"));
        assertNoCorsHeaders(get(app, "/items/1", APP + "/"));
        assertEquals(APP, get(app(Cors.builder().allowOrigins("HTTPS://App.Example.COM").build()), "/items/1", APP)
                .header(ACAO), "configured origins are lower-cased, as browsers serialise them");
    }

    @Test
    void theStarOriginIsOneAnswerForEveryOneSoItDoesNotVary() {
        KilnTest app = app(Cors.builder().allowOrigins("*").exposeHeaders("*").build());
        KilnTest.Response r = get(app, "/items/1", EVIL);
        assertEquals("*", r.header(ACAO));
        assertEquals("*", r.header(ACEH), "any header, allowed without credentials");
        assertNull(r.header("Vary"));
        assertEquals("*", get(app, "/items/1", "null").header(ACAO), "public: sandboxed pages may read it too");
    }

    @Test
    void credentialsAreAllowedForListedOriginsWhichAreEchoed() {
        KilnTest.Response r = get(app(config().allowCredentials(true).build()), "/items/1", APP);
        assertEquals(APP, r.header(ACAO));
        assertEquals("true", r.header(ACAC));
        assertEquals("Origin", r.header("Vary"));
    }

    @Test
    void credentialsWithTheStarOriginOrStarExposedHeadersAreRefusedWhenBuilt() {
        IllegalStateException star = assertThrows(IllegalStateException.class,
                () -> Cors.builder().allowOrigins("*").allowCredentials(true).build());
        assertEquals("allowCredentials(true) with the origin \"*\" would let every site read what its visitors'"
                + " cookies unlock: list the origins instead", star.getMessage());
        IllegalStateException exposed = assertThrows(IllegalStateException.class,
                () -> Cors.builder().allowOrigins(APP).exposeHeaders("*").allowCredentials(true).build());
        assertEquals("exposeHeaders(\"*\") exposes nothing on a credentialed request (the Fetch standard reads it as a"
                + " header named *): list the headers instead", exposed.getMessage());
    }

    @Test
    void aPatternStandsForOneLabelOfTheHost() {
        KilnTest app = app(Cors.builder().allowOrigins("https://*.example.com", "http://*.local.test:8080").build());
        String[][] cases = {
            {"https://app.example.com", "allowed"},
            {"https://a-1.example.com", "allowed"},
            {"http://web.local.test:8080", "allowed"},
            {"https://example.com", "denied"},                 // no label for the *
            {"https://a.b.example.com", "denied"},             // two labels
            {"https://evilexample.com", "denied"},
            {"https://app.example.com.evil.net", "denied"},
            {"http://app.example.com", "denied"},              // another scheme
            {"https://app.example.com:444", "denied"},         // another port
            {"http://web.local.test", "denied"},               // the pattern's port is part of it
            {"https://APP.example.com", "denied"},             // browsers send lower case; nothing else matches
            {"https://app_1.example.com", "denied"},
            {"null", "denied"},
        };
        for (String[] c : cases) {
            String acao = get(app, "/items/1", c[0]).header(ACAO);
            assertEquals(c[1].equals("allowed") ? c[0] : null, acao, c[0]);
        }
    }

    @Test
    void theNullOriginIsRefusedInTheConfigurationAndNeverMatchesAList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins("null"));
        assertEquals("origin \"null\" is refused: it is the origin of every sandboxed iframe and file: page, which any"
                + " site can make", e.getMessage());
        assertNoCorsHeaders(get(app(config().build()), "/items/1", "null"));
    }

    @Test
    void aMethodTheConfigurationDoesNotAllowGetsNoCorsHeaders() {
        KilnTest app = app(Cors.builder().allowOrigins(APP).build()); // GET, HEAD and POST
        KilnTest.Response r = app.call("DELETE", "/things/1").header("Origin", APP).send();
        assertEquals(204, r.status(), "served: a server cannot stop a request, only keep its answer from the page");
        assertNoCorsHeaders(r);
        assertEquals(APP, app.call("HEAD", "/items/1").header("Origin", APP).send().header(ACAO));
    }

    @Test
    void theServersOwnAnswersCarryTheHeadersSoThePageCanReadThem() {
        KilnTest app = app(config().build());
        KilnTest.Response notFound = get(app, "/nowhere", APP);
        assertEquals(404, notFound.status());
        assertEquals(APP, notFound.header(ACAO));
        KilnTest.Response notAllowed = app.call("DELETE", "/items/1").header("Origin", APP).send();
        assertEquals(405, notAllowed.status());
        assertEquals(APP, notAllowed.header(ACAO));
    }

    @Test
    void anOptionsRequestWithoutARequestedMethodIsAnActualRequest() {
        KilnTest app = app(config().allowMethods("OPTIONS").build());
        KilnTest.Response r = app.call("OPTIONS", "/items/1").header("Origin", APP).send();
        assertEquals(204, r.status());
        assertEquals(APP, r.header(ACAO));
        assertNull(r.header(ACAM), "not a preflight");
    }

    @Test
    void varyKeepsWhatAnotherMiddlewareSetAndAddsNothingTwice() {
        KilnTest app = KilnTest.of(TestRoutes.builder()
                .use("Compression", ctx -> ctx.header("Vary", "Accept-Encoding, origin"))
                .use("Cors", config().build())
                .get("/items/:id", ctx -> ctx.text("item"))
                .build());
        assertEquals("Accept-Encoding, origin", get(app, "/items/1", APP).header("Vary"));
        assertEquals("Accept-Encoding, origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                preflight(app, "/items/1", APP, "GET", null).header("Vary"));
    }

    // ---- preflights -------------------------------------------------------------------------------------------

    @Test
    void aPreflightForAMethodThePathRoutesIsApprovedOnTheServersOwnAnswer() {
        KilnTest.Response r = preflight(app(config().maxAge(Duration.ofMinutes(10)).build()), "/items/1", APP, "PUT",
                "content-type,x-request-id");
        assertEquals(204, r.status(), "the server's automatic OPTIONS answer");
        assertEquals("GET, HEAD, PUT, OPTIONS", r.header("Allow"), "kept");
        assertEquals(APP, r.header(ACAO));
        assertEquals("GET, HEAD, PUT", r.header(ACAM), "allowed and routed here: never a method the path lacks");
        assertEquals("content-type, x-request-id", r.header(ACAH));
        assertEquals("600", r.header(ACMA));
        assertEquals("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", r.header("Vary"));
        assertNull(r.header(ACEH), "exposed headers are for actual responses");
        assertNull(r.header(ACAC));
    }

    @Test
    void aPreflightForAMethodThePathDoesNotRouteIsNotApproved() {
        KilnTest.Response r = preflight(app(config().build()), "/items/1", APP, "DELETE", null);
        assertEquals(204, r.status(), "the server's answer stands");
        assertEquals("GET, HEAD, PUT, OPTIONS", r.header("Allow"));
        assertNoCorsHeaders(r);
        assertEquals("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", r.header("Vary"));
    }

    @Test
    void aPreflightForAMethodTheConfigurationDoesNotAllowIsNotApproved() {
        KilnTest app = app(Cors.builder().allowOrigins(APP).build()); // GET, HEAD and POST
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "PUT", null));
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "TRACE", null));
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "put", null)); // methods are case-sensitive
        assertEquals("GET, HEAD", preflight(app, "/items/1", APP, "GET", null).header(ACAM));
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "GET", "content-language")); // listed, so not safelisted
    }

    @Test
    void aPreflightForAHeaderNotAllowedIsNotApproved() {
        KilnTest app = app(config().build());
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "PUT", "content-type,x-secret"));
        assertEquals("content-type, x-request-id",
                preflight(app, "/items/1", APP, "PUT", "X-Request-Id , Content-Type").header(ACAH),
                "names are case-insensitive; the configured list is the answer");
        assertEquals(APP, preflight(app, "/items/1", APP, "PUT", "").header(ACAO), "an empty list asks for nothing");
    }

    @Test
    void anyHeaderEchoesTheRequestedOnes() {
        KilnTest app = app(Cors.builder().allowOrigins(APP).allowMethods("*").allowHeaders("*").allowCredentials(true).build());
        KilnTest.Response r = preflight(app, "/items/1", APP, "PUT", "authorization,x-anything");
        assertEquals("authorization,x-anything", r.header(ACAH), "echoed, so it covers Authorization and credentials too");
        assertEquals("GET, HEAD, PUT, OPTIONS", r.header(ACAM), "\"*\": every method the path has");
        assertEquals("true", r.header(ACAC));
    }

    @Test
    void aPreflightFromAnotherOriginIsNotApproved() {
        KilnTest.Response r = preflight(app(config().build()), "/items/1", EVIL, "PUT", "content-type");
        assertEquals(204, r.status());
        assertNoCorsHeaders(r);
        assertEquals("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", r.header("Vary"));
        assertNoCorsHeaders(preflight(app(config().build()), "/items/1", "null", "PUT", null));
    }

    @Test
    void aPreflightToAnUnknownPathIsTheServers404WithoutCorsHeaders() {
        KilnTest.Response r = preflight(app(config().build()), "/nowhere", APP, "GET", null);
        assertEquals(404, r.status());
        assertNoCorsHeaders(r);
    }

    @Test
    void aRouteForOptionsAnswersItsPathsPreflightsAndItsAllowDecides() {
        KilnTest app = app(config().build());
        KilnTest.Response put = preflight(app, "/custom", APP, "PUT", "content-type");
        assertEquals(200, put.status(), "the route's own answer");
        assertEquals(APP, put.header(ACAO));
        assertEquals("GET, HEAD, PUT", put.header(ACAM));
        assertNoCorsHeaders(preflight(app, "/custom", APP, "DELETE", null)); // allowed, but not in the route's Allow
        assertNoCorsHeaders(preflight(app, "/bare", APP, "GET", null));      // a 2xx without Allow says nothing
    }

    @Test
    void aPreflightThatAnotherMiddlewareTurnsAwayIsNotApproved() {
        KilnTest app = KilnTest.of(TestRoutes.builder()
                .use("Cors", config().build())
                .use("Auth", ctx -> {
                    if (ctx.header("Authorization") == null) ctx.abortWithStatus(401);
                })
                .get("/items/:id", ctx -> ctx.text("item"))
                .build());
        KilnTest.Response r = preflight(app, "/items/1", APP, "GET", null);
        assertEquals(401, r.status());
        assertNoCorsHeaders(r);
    }

    @Test
    void credentialsAndMaxAgeOnAnApprovedPreflight() {
        KilnTest app = app(config().allowCredentials(true).maxAge(Duration.ofHours(2)).build());
        KilnTest.Response r = preflight(app, "/items/1", APP, "PUT", null);
        assertEquals("true", r.header(ACAC));
        assertEquals("7200", r.header(ACMA));
        assertNull(r.header(ACAH), "no headers were asked for");
        assertNull(preflight(app(config().build()), "/items/1", APP, "PUT", null).header(ACMA), "none unless configured");
    }

    @Test
    void withTheStarOriginAPreflightVariesOnlyOnWhatItAsks() {
        KilnTest.Response r = preflight(app(Cors.builder().allowOrigins("*").allowMethods("PUT").build()), "/items/1",
                EVIL, "PUT", null);
        assertEquals("*", r.header(ACAO));
        assertEquals("PUT", r.header(ACAM));
        assertEquals("Access-Control-Request-Method, Access-Control-Request-Headers", r.header("Vary"));
    }

    // ---- scope and caches -------------------------------------------------------------------------------------

    @Test
    void pathsKeepItToWholeSegmentsBelowThem() {
        KilnTest app = app(config().paths("/todos").build());
        assertEquals(APP, get(app, "/todos", APP).header(ACAO));
        assertEquals(APP, get(app, "/todos/1", APP).header(ACAO));
        assertEquals(APP, preflight(app, "/todos/1", APP, "GET", null).header(ACAO));
        KilnTest.Response other = get(app, "/todosx", APP);
        assertNoCorsHeaders(other);
        assertNull(other.header("Vary"), "out of scope, the answer does not depend on the origin");
        assertNoCorsHeaders(preflight(app, "/items/1", APP, "PUT", null));
    }

    @Test
    void varyEveryResponseAnswersRequestsWithoutOriginForCaches() {
        KilnTest.Response listed = app(config().varyEveryResponse().build()).get("/items/1");
        assertEquals("Origin", listed.header("Vary"));
        assertNull(listed.header(ACAO));
        KilnTest.Response star = app(Cors.builder().allowOrigins("*").varyEveryResponse().build()).get("/items/1");
        assertEquals("*", star.header(ACAO), "the same answer for everyone: always sent, no Vary");
        assertNull(star.header("Vary"));
    }

    @Test
    void aRequestWithoutOriginCostsNoAllocation() {
        Cors cors = config().paths("/items").build();
        PooledContext ctx = new PooledContext(TestRoutes.builder().get("/items/:id", c -> c.text("item")).build());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/items/1");
        request.headers().set("Host", "api.example.com").set("Accept", "application/json").set("User-Agent", "test");
        try {
            ctx.begin(Methods.GET, "/items/1", "/items/1".length(), request);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 20_000; i++) cors.handle(ctx); // warm up: compiled, as on a server
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) cors.handle(ctx);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // The smallest object takes 16 bytes, so under one byte a request means no request made one; what is
            // measured is the odd one-off (a compilation, the counter itself).
            assertTrue(allocated < 100_000, allocated + " bytes allocated for 100,000 requests without Origin");
            assertNull(ctx.responseHeader("Vary"));
        } finally {
            ctx.reset();
            request.release();
        }
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    @Test
    void aConfigurationThatCannotWorkIsRefusedWithWhatToWrite() {
        String[][] origins = {
            {"https://app.example.com/", "origin 'https://app.example.com/' is not scheme://host[:port] as a browser sends"
                    + " it, such as https://app.example.com"},
            {"app.example.com", "origin 'app.example.com' is not scheme://host[:port] as a browser sends it, such as"
                    + " https://app.example.com"},
            {"https://app.example.com:443", "origin 'https://app.example.com:443' names its scheme's default port, which"
                    + " browsers leave out of Origin: write https://app.example.com"},
            {"https://app.example.com:0", "origin 'https://app.example.com:0' has an invalid port"},
            {"https://app.*.example.com", "origin 'https://app.*.example.com': a * may only stand for the host's first"
                    + " label, as in https://*.example.com"},
            {"https://*.*.example.com", "origin 'https://*.*.example.com' is not scheme://host[:port] as a browser sends"
                    + " it, such as https://app.example.com"},
        };
        for (String[] c : origins) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins(c[0]));
            assertEquals(c[1], e.getMessage());
        }
        assertEquals("method 'TRACE' is not one Kiln routes: use GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS or \"*\"",
                assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowMethods("TRACE")).getMessage());
        assertEquals("header name 'X Bad' is not a token (RFC 9110 §5.1)",
                assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowHeaders("X Bad")).getMessage());
        assertEquals("no origins: name them with allowOrigins(...), or \"*\" for any",
                assertThrows(IllegalStateException.class, () -> Cors.builder().build()).getMessage());
        assertEquals("path prefix 'todos' does not start with '/'",
                assertThrows(IllegalArgumentException.class, () -> Cors.builder().paths("todos")).getMessage());
        assertEquals("maxAge < 0: PT-1S",
                assertThrows(IllegalArgumentException.class, () -> Cors.builder().maxAge(Duration.ofSeconds(-1))).getMessage());
    }

    @Test
    void ipAddressesAndLocalhostAreOrigins() {
        Cors cors = Cors.builder().allowOrigins("http://127.0.0.1:5173", "http://localhost:5173", "http://[::1]:5173").build();
        KilnTest app = app(cors);
        for (String o : List.of("http://127.0.0.1:5173", "http://localhost:5173", "http://[::1]:5173")) {
            assertEquals(o, get(app, "/items/1", o).header(ACAO), o);
        }
        assertEquals("Cors[origins=http://127.0.0.1:5173 http://localhost:5173 http://[::1]:5173, methods=GET, HEAD, POST,"
                + " headers=null, expose=null, credentials=false, maxAge=null]", cors.toString());
    }
}
