package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.RouteInfo;
import dev.kiln.processor.tree.PathTemplate;
import dev.kiln.processor.tree.RouteTree;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The router's semantics (README "Routing"), request by request, through the
 * whole pipeline: one small app compiled with the processor, driven with {@link KilnTest}.
 *
 * <p>Every handler answers {@code "<METHOD> <template>"} followed by {@code name=value} for each of its
 * parameters, read with {@code ctx.param(name)}; a global middleware counts the chains that ran and tags the
 * response with {@code X-Route}. Each table row states the status, the body, and so whether a handler ran.
 * Every request is also looked up with {@link RouteTree#lookup}, the interpreter of the tree the processor
 * compiled, which must agree with the generated router on route, parameter offsets and allowed methods.
 */
class RouterSemanticsTest {
    /** The app's routes: HTTP method, template. Handlers are generated from this table. */
    private static final String[][] ROUTES = {
        {"GET", "/"},
        {"GET", "/about"},
        {"GET", "/docs/"},
        {"GET", "/users"},
        {"POST", "/users"},
        {"GET", "/users/new"},
        {"GET", "/users/:id"},
        {"DELETE", "/users/:id"},
        {"PATCH", "/users/:id"},
        {"GET", "/users/:id/posts"},
        {"GET", "/users/:id/posts/:post"},
        {"GET", "/items/:id"},
        {"GET", "/static/*filepath"},
        {"GET", "/files/index"},
        {"GET", "/files/*path"},
        {"GET", "/api/*rest"},
        {"GET", "/api/v1/:id/x"},
        {"POST", "/forms/"},
        {"PUT", "/put-only"},
        {"GET", "/ping"},
        {"HEAD", "/ping"},
        {"GET", "/cors"},
        {"OPTIONS", "/cors"},
        // Every static character besides letters and digits, as first characters of sibling edges.
        {"GET", "/chars/'q"},
        {"GET", "/chars/&a"},
        {"GET", "/chars/$d"},
        {"GET", "/chars/(p)"},
        {"GET", "/chars/@at"},
        {"GET", "/chars/!b"},
        {"GET", "/chars/+p"},
        {"GET", "/chars/,c"},
        {"GET", "/chars/;s"},
        {"GET", "/chars/=e"},
        {"GET", "/chars/~t"},
        {"GET", "/chars/-h"},
        {"GET", "/chars/.d"},
        {"GET", "/chars/_u"},
    };

    private static final JavaFileObject APP = CompiledApp.source("app.App",
            "package app;",
            "import dev.kiln.annotation.KilnApplication;",
            "import dev.kiln.annotation.Use;",
            "@KilnApplication",
            "@Use(Tag.class)",
            "public final class App {}");

    private static final JavaFileObject TAG = CompiledApp.source("app.Tag",
            "package app;",
            "import dev.kiln.Context;",
            "import dev.kiln.Middleware;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "public final class Tag implements Middleware {",
            "    public static final AtomicInteger RUNS = new AtomicInteger();",
            "    public void handle(Context ctx) {",
            "        if (ctx.route() == null) {", // a global middleware runs for unmatched requests too
            "            ctx.header(\"X-Route\", \"none\");",
            "            return;",
            "        }",
            "        RUNS.incrementAndGet();",
            "        ctx.header(\"X-Route\", ctx.route().method() + \" \" + ctx.route().path());",
            "    }",
            "}");

    private static Routes routes;
    private static RouteTree tree;
    private static AtomicInteger runs;
    private KilnTest client;

    @BeforeAll
    static void compile() throws Exception {
        CompiledApp app = CompiledApp.compile(APP, TAG, controller());
        routes = app.routes("app.AppRoutes");
        runs = (AtomicInteger) app.load("app.Tag").getField("RUNS").get(null);
        List<RouteInfo> infos = routes.routes();
        assertEquals(ROUTES.length, infos.size(), "routes in the generated table");
        List<RouteTree.Route> treeRoutes = new ArrayList<>();
        for (int id = 0; id < infos.size(); id++) {
            assertEquals(ROUTES[id][0] + " " + ROUTES[id][1], infos.get(id).method() + " " + infos.get(id).path(), "route " + id);
            treeRoutes.add(new RouteTree.Route(id, infos.get(id).method(), PathTemplate.parse(infos.get(id).path())));
        }
        tree = RouteTree.build(treeRoutes);
        assertTrue(tree.conflicts().isEmpty(), () -> "conflicts: " + tree.conflicts());
        assertEquals(2, routes.maxParams());
        assertEquals(routes.maxParams(), tree.maxParams());
    }

    @BeforeEach
    void connect() {
        client = KilnTest.of(routes);
    }

    /** One controller with a handler per row of {@link #ROUTES}, echoing its route and parameters. */
    private static JavaFileObject controller() throws PathTemplate.SyntaxError {
        List<String> lines = new ArrayList<>(List.of(
                "package app;",
                "import dev.kiln.Context;",
                "import dev.kiln.annotation.*;",
                "@Controller",
                "public final class Api {"));
        for (int i = 0; i < ROUTES.length; i++) {
            String method = ROUTES[i][0];
            String path = ROUTES[i][1];
            StringBuilder echo = new StringBuilder("\"" + method + " " + path + "\"");
            for (String name : PathTemplate.parse(path).paramNames()) {
                echo.append(" + \" ").append(name).append("=\" + ctx.param(\"").append(name).append("\")");
            }
            String annotation = CompiledApp.annotation(method);
            lines.add("    @" + annotation + "(\"" + path + "\") public String h" + i + "(Context ctx) { return " + echo + "; }");
        }
        lines.add("}");
        return CompiledApp.source("app.Api", lines.toArray(String[]::new));
    }

    // ---- table rows ----------------------------------------------------------------------------------------

    /**
     * A request and what must come back: the status, the exact body, and optionally one header's exact value.
     * A handler must have run exactly when the status is 200.
     */
    private record Row(String method, String uri, int status, String body, String header, String value) {
        Row with(String name, String v) {
            return new Row(method, uri, status, body, name, v);
        }
    }

    /** A handler ran and answered {@code body}. */
    private static Row ok(String method, String uri, String body) {
        return new Row(method, uri, 200, body, null, null);
    }

    private static Row ok(String uri, String body) {
        return ok("GET", uri, body);
    }

    /** What the server writes for a status of its own; a HEAD response has none of its body. */
    private static String bodyOf(String method, Problem problem) {
        return method.equals("HEAD") ? "" : new String(ProblemRenderer.json().render(problem), StandardCharsets.UTF_8);
    }

    /** The path of {@code uri}, without its query: what the server's answers name. */
    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static Row notFound(String method, String uri) {
        return new Row(method, uri, 404, bodyOf(method, Problem.of(404, "no route for " + method + " " + pathOf(uri))),
                null, null);
    }

    private static Row badRequest(String uri) {
        return badRequest("GET", uri);
    }

    private static Row badRequest(String method, String uri) {
        return new Row(method, uri, 400, bodyOf(method, Problem.of(400, "request target " + uri
                + " is not a path, or has a bad escape or a dot segment")), null, null);
    }

    private static Row notAllowed(String method, String uri, String allow) {
        return new Row(method, uri, 405, bodyOf(method, Problem.of(405, method + " is not one of " + allow + " on "
                + pathOf(uri))), "Allow", allow);
    }

    private static Row redirect(String method, String uri, int status, String location) {
        return new Row(method, uri, status, "", "Location", location);
    }

    private void check(Row... rows) {
        assertAll(Stream.of(rows).map(row -> (Executable) () -> check(row)));
    }

    private void check(Row row) {
        String what = row.method + " " + row.uri;
        int before = runs.get();
        KilnTest.Response r = send(row.method, row.uri);
        int ran = runs.get() - before;
        assertEquals(row.status, r.status(), what + ": status");
        assertEquals(row.body, r.text(), what + ": body");
        if (row.header != null) assertEquals(row.value, r.header(row.header), what + ": " + row.header);
        assertEquals(row.status == 200 ? 1 : 0, ran, what + ": handler runs");
        if (row.status != 200) {
            // No route's chain ran: the global middleware saw no route, or for a bad target nothing ran at all.
            assertEquals(row.status == 400 ? null : "none", r.header("X-Route"), what + ": no route's chain may run");
        }
    }

    /** Sends a request, after checking that the tree interpreter and the generated router agree on it. */
    private KilnTest.Response send(String method, String uri) {
        crossCheck(method, uri);
        return client.request(method, uri, Map.of(), null);
    }

    /** {@link RouteTree#lookup} and the generated {@code match} find the same route, offsets and allowed methods. */
    private static void crossCheck(String method, String uri) {
        int end = uri.indexOf('?');
        if (end < 0) end = uri.length();
        String where = method + " " + uri + ": tree interpreter vs generated router, ";
        PathMatch generated = new PathMatch(routes.maxParams());
        int id = routes.lookup(Methods.bit(method), uri, end, generated);
        RouteTree.Match interpreted = tree.lookup(method, uri.substring(0, end));
        assertEquals(interpreted.route() == null ? -1 : interpreted.route().id(), id, where + "route");
        if (id >= 0) {
            int params = routes.routes().get(id).params().size();
            for (int k = 0; k < 2 * params; k++) {
                assertEquals(interpreted.offsets()[k], generated.offsets[k], where + "offset " + k);
            }
        } else {
            int allowed = 0;
            for (String m : interpreted.allowed()) allowed |= Methods.bit(m);
            assertEquals(Methods.allow(allowed), Methods.allow(generated.allowed), where + "allowed");
            assertEquals(allowed, generated.allowed, where + "allowed bits");
        }
    }

    // ---- matching ------------------------------------------------------------------------------------------

    @Test
    void staticSegmentsMatchExactly() {
        check(
                ok("/", "GET /"),
                ok("/about", "GET /about"),
                ok("/docs/", "GET /docs/"),
                ok("/users", "GET /users"),
                ok("POST", "/users", "POST /users"),
                ok("/users/new", "GET /users/new"),
                ok("/files/index", "GET /files/index"),
                notFound("GET", "/Users"),
                notFound("GET", "/abou"),
                notFound("GET", "/aboutx"),
                notFound("GET", "/usersx"),
                notFound("GET", "/%75sers"));  // matching is on the raw path: an escaped 'u' is not 'u'
    }

    @Test
    void staticSegmentsMayHoldEveryPathSubDelimiter() {
        List<Row> rows = new ArrayList<>();
        for (String[] route : ROUTES) {
            if (route[1].startsWith("/chars/")) rows.add(ok(route[1], "GET " + route[1]));
        }
        assertEquals(14, rows.size());
        rows.add(notFound("GET", "/chars/'"));
        rows.add(notFound("GET", "/chars/%27q"));
        rows.add(notFound("GET", "/chars/*"));
        check(rows.toArray(Row[]::new));
    }

    @Test
    void parameterTakesOneNonEmptySegment() {
        check(
                ok("/users/42", "GET /users/:id id=42"),
                ok("/users/a.b-c_d~e", "GET /users/:id id=a.b-c_d~e"),
                ok("/users/...", "GET /users/:id id=..."),
                ok("/users/42/posts", "GET /users/:id/posts id=42"),
                ok("/users/7/posts/9", "GET /users/:id/posts/:post id=7 post=9"),
                ok("DELETE", "/users/42", "DELETE /users/:id id=42"),
                ok("PATCH", "/users/42", "PATCH /users/:id id=42"),
                ok("/items/1", "GET /items/:id id=1"),
                notFound("GET", "/items/"),        // empty: no match, and no /items to redirect to
                notFound("GET", "/items/1/2"),     // one segment only
                notFound("GET", "/items"),
                redirect("GET", "/users/", 301, "/users")); // not :id with id="", but the /users route
    }

    @Test
    void catchAllTakesTheRestWithItsLeadingSlash() {
        check(
                ok("/static/a/b.css", "GET /static/*filepath filepath=/a/b.css"),
                ok("/static/", "GET /static/*filepath filepath=/"),
                ok("/static/x", "GET /static/*filepath filepath=/x"),
                ok("/static/a/", "GET /static/*filepath filepath=/a/"),
                ok("/files/a/b", "GET /files/*path path=/a/b"),
                ok("/api/", "GET /api/*rest rest=/"),
                redirect("GET", "/static", 301, "/static/"));
    }

    @Test
    void staticBeatsParameterBeatsCatchAllWithBacktracking() {
        check(
                ok("/users/new", "GET /users/new"),
                ok("/users/newbie", "GET /users/:id id=newbie"),
                ok("/users/ne", "GET /users/:id id=ne"),
                ok("/users/new/posts", "GET /users/:id/posts id=new"),
                ok("/users/new/posts/3", "GET /users/:id/posts/:post id=new post=3"),
                ok("DELETE", "/users/new", "DELETE /users/:id id=new"),  // static node has no DELETE: backtrack
                ok("/files/index", "GET /files/index"),
                ok("/files/indexes", "GET /files/*path path=/indexes"),
                ok("/files/index/x", "GET /files/*path path=/index/x"),
                ok("/files/inde", "GET /files/*path path=/inde"),
                ok("/api/v1/5/x", "GET /api/v1/:id/x id=5"),
                ok("/api/v1/5/y", "GET /api/*rest rest=/v1/5/y"),     // param branch fails deeper: catch-all
                ok("/api/v1/5", "GET /api/*rest rest=/v1/5"),
                ok("/api/v1/", "GET /api/*rest rest=/v1/"),
                ok("/api/v2", "GET /api/*rest rest=/v2"));
    }

    // ---- unmatched requests --------------------------------------------------------------------------------

    @Test
    void unknownPathIs404ForEveryMethod() {
        check(
                notFound("GET", "/nope"),
                notFound("POST", "/nope"),
                notFound("OPTIONS", "/nope"),
                new Row("HEAD", "/users/1/comments", 404, "", "Content-Length", String.valueOf(bodyOf("GET",
                        Problem.of(404, "no route for HEAD /users/1/comments")).length())),
                notFound("GET", "/users/1/comments"),
                notFound("GET", "/users/1/posts/2/3"),
                notFound("PUT", "/users/1/posts/2/3"),
                notFound("BREW", "/nope"));
    }

    @Test
    void pathOfOtherMethodsIs405WithAllow() {
        check(
                notAllowed("POST", "/users/5", "GET, HEAD, DELETE, PATCH, OPTIONS"),
                notAllowed("PUT", "/users", "GET, HEAD, POST, OPTIONS"),
                notAllowed("DELETE", "/users", "GET, HEAD, POST, OPTIONS"),
                notAllowed("GET", "/put-only", "PUT, OPTIONS"),
                notAllowed("HEAD", "/put-only", "PUT, OPTIONS"),
                // /users/new has GET; /users/:id, reached by backtracking, adds DELETE and PATCH.
                notAllowed("POST", "/users/new", "GET, HEAD, DELETE, PATCH, OPTIONS"),
                notAllowed("POST", "/static/a.css", "GET, HEAD, OPTIONS"),
                notAllowed("POST", "/ping", "GET, HEAD, OPTIONS"),
                notAllowed("DELETE", "/cors", "GET, HEAD, OPTIONS"),
                notAllowed("BREW", "/users", "GET, HEAD, POST, OPTIONS"));
    }

    @Test
    void headIsAnsweredByTheGetRouteWithoutBodyButWithItsLength() {
        String[][] cases = {
            {"/users/5", "GET /users/:id", "GET /users/:id id=5"},
            {"/users", "GET /users", "GET /users"},
            {"/static/a.css", "GET /static/*filepath", "GET /static/*filepath filepath=/a.css"},
            {"/users/new/posts", "GET /users/:id/posts", "GET /users/:id/posts id=new"},
        };
        assertAll(Stream.of(cases).map(c -> (Executable) () -> {
            KilnTest.Response get = send("GET", c[0]);
            assertEquals(c[2], get.text(), "GET " + c[0]);
            int before = runs.get();
            KilnTest.Response head = send("HEAD", c[0]);
            assertEquals(1, runs.get() - before, "HEAD " + c[0] + " runs the GET route");
            assertEquals(200, head.status(), "HEAD " + c[0]);
            assertEquals(c[1], head.header("X-Route"), "HEAD " + c[0] + ": route");
            assertEquals(0, head.body().length, "HEAD " + c[0] + ": body");
            assertEquals(String.valueOf(c[2].length()), head.header("Content-Length"), "HEAD " + c[0] + ": length");
            assertEquals(get.header("Content-Length"), head.header("Content-Length"), "HEAD " + c[0] + ": GET's length");
            assertEquals(get.header("Content-Type"), head.header("Content-Type"), "HEAD " + c[0] + ": type");
        }));
    }

    @Test
    void explicitHeadRouteWinsOverGet() {
        KilnTest.Response head = send("HEAD", "/ping");
        assertEquals(200, head.status());
        assertEquals("HEAD /ping", head.header("X-Route"));
        assertEquals(String.valueOf("HEAD /ping".length()), head.header("Content-Length"));
        assertEquals(0, head.body().length);
        check(ok("/ping", "GET /ping").with("X-Route", "GET /ping"));
    }

    @Test
    void optionsAnswersAllowUnlessARouteHandlesIt() {
        check(
                new Row("OPTIONS", "/users", 204, "", "Allow", "GET, HEAD, POST, OPTIONS"),
                new Row("OPTIONS", "/users/5", 204, "", "Allow", "GET, HEAD, DELETE, PATCH, OPTIONS"),
                new Row("OPTIONS", "/put-only", 204, "", "Allow", "PUT, OPTIONS"),
                new Row("OPTIONS", "/static/x", 204, "", "Allow", "GET, HEAD, OPTIONS"),
                new Row("OPTIONS", "/ping", 204, "", "Allow", "GET, HEAD, OPTIONS"),
                ok("OPTIONS", "/cors", "OPTIONS /cors").with("X-Route", "OPTIONS /cors"),
                notFound("OPTIONS", "/nope"));
    }

    // ---- trailing slash ------------------------------------------------------------------------------------

    @Test
    void trailingSlashRedirectsToTheRegisteredForm() {
        check(
                redirect("GET", "/about/", 301, "/about"),
                redirect("HEAD", "/about/", 301, "/about"),
                redirect("GET", "/users/", 301, "/users"),
                redirect("GET", "/docs", 301, "/docs/"),
                redirect("GET", "/users/5/", 301, "/users/5"),
                redirect("GET", "/users/5/posts/", 301, "/users/5/posts"),
                redirect("GET", "/users/a%2Fb/posts/", 301, "/users/a%2Fb/posts"),
                redirect("POST", "/users/", 308, "/users"),
                redirect("POST", "/forms", 308, "/forms/"),
                redirect("PUT", "/put-only/", 308, "/put-only"),
                redirect("DELETE", "/users/5/", 308, "/users/5"),
                redirect("GET", "/about/?x=1&y=2", 301, "/about?x=1&y=2"),
                redirect("GET", "/docs?q=a/b", 301, "/docs/?q=a/b"),
                redirect("POST", "/forms?a=b", 308, "/forms/?a=b"));
    }

    @Test
    void noRedirectWhenNeitherFormExists() {
        check(
                notFound("GET", "/nope/"),
                notFound("GET", "/items/"),
                notFound("GET", "/users/5/comments/"),
                notFound("GET", "/put-only/"),   // /put-only exists, but not for GET
                notFound("POST", "/docs"));      // /docs/ exists, but not for POST
    }

    // ---- raw path, encoding, query -------------------------------------------------------------------------

    @Test
    void encodedSlashStaysInItsSegmentAndIsDecodedWhenRead() {
        check(
                ok("/users/a%2Fb", "GET /users/:id id=a/b"),
                ok("/users/a%2fb/posts", "GET /users/:id/posts id=a/b"),
                ok("/users/%2F", "GET /users/:id id=/"),
                ok("/users/a%2Fb/posts/c%2Fd", "GET /users/:id/posts/:post id=a/b post=c/d"),
                ok("/users/%E2%82%AC", "GET /users/:id id=\u20ac"),
                ok("/users/a%20b", "GET /users/:id id=a b"),
                ok("/users/a+b", "GET /users/:id id=a+b"),
                ok("/users/a%3Fb", "GET /users/:id id=a?b"),
                ok("/users/%25", "GET /users/:id id=%"),
                ok("/users/%252F", "GET /users/:id id=%2F"),        // decoded once, not twice
                ok("/users/%2e%2e%2e", "GET /users/:id id=..."),
                ok("/static/a%2Fb", "GET /static/*filepath filepath=/a/b"),
                ok("/static/x%20y/z", "GET /static/*filepath filepath=/x y/z"),
                notFound("GET", "/items/1%2F2/x"),
                ok("/items/1%2F2", "GET /items/:id id=1/2"));
    }

    @Test
    void invalidEncodingAndDotSegmentsAre400AndReachNoHandler() {
        check(
                badRequest("/users/%zz"),
                badRequest("/users/%g0"),
                badRequest("/users/%00"),
                badRequest("/users/a%00b"),
                badRequest("/users/%4"),
                badRequest("/users/1%"),
                badRequest("/users/%"),
                badRequest("/users/%4/posts"),
                badRequest("/a/../b"),
                badRequest("/a/./b"),
                badRequest("/users/.."),
                badRequest("/users/."),
                badRequest("/users/../users"),
                badRequest("/static/../etc/passwd"),
                badRequest("/static/a/.."),
                badRequest("/.."),
                badRequest("/users/%2e%2e"),
                badRequest("/users/%2E%2E/posts"),
                badRequest("/users/.%2e"),
                badRequest("/users/%2e"),
                badRequest("/static/..%2Fetc"),       // '..' hidden behind an encoded slash
                badRequest("/static/a%2F..%2Fb"),
                badRequest("/users/%zz?x=1"),
                badRequest("POST", "/users/%2e%2e"));
    }

    @Test
    void queryStringDoesNotAffectMatching() {
        check(
                ok("/users/5?id=9", "GET /users/:id id=5"),
                ok("/users?x=/users/new", "GET /users"),
                ok("/users/new?", "GET /users/new"),
                ok("/users/new?x", "GET /users/new"),
                ok("/static/a.css?v=1", "GET /static/*filepath filepath=/a.css"),
                ok("/users/5?next=/a/../b", "GET /users/:id id=5"),
                ok("/users/5?q=%2F", "GET /users/:id id=5"),
                ok("/about?", "GET /about"),
                ok("/users/ne?w", "GET /users/:id id=ne"),            // static text never reads into the query
                ok("/users/5?x/posts", "GET /users/:id id=5"),       // nor does a parameter
                ok("/api/v1/5?/x", "GET /api/*rest rest=/v1/5"),     // nor a catch-all
                notAllowed("PUT", "/users?x=1", "GET, HEAD, POST, OPTIONS"),
                notFound("GET", "/nope?/users"));
    }

    @Test
    void emptySegmentsDoNotMatch() {
        check(
                notFound("GET", "/users//1"),
                notFound("GET", "//users"),
                notFound("GET", "/users//"),
                notFound("GET", "/users/1//posts"),
                notFound("GET", "/users//1/posts"),
                notFound("GET", "/items//1"));
    }
}
