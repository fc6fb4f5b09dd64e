package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.Problem;
import dev.kiln.test.KilnTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule for requests no route matched, in a compiled application: its global middleware (the application's
 * {@code @Use}) run before the server's answer, see no route and the answer's status; a controller's and a
 * method's middleware run only on their own routes. An application with no global middleware answers as before.
 */
class UnmatchedRequestsTest {
    private static CompiledApp app;

    @BeforeAll
    static void compile() {
        app = CompiledApp.compile(
                source("app.App",
                        "package app;",
                        "import dev.kiln.annotation.*;",
                        "@KilnApplication",
                        "@Use(Observe.class)",
                        "public final class App {}"),
                source("app.Observe",
                        "package app;",
                        "import dev.kiln.*;",
                        "public final class Observe implements Middleware {",
                        "    public void handle(Context ctx) throws Exception {",
                        "        RouteInfo route = ctx.route();",
                        "        ctx.next();",
                        "        ctx.header(\"X-Global\", (route == null ? \"no route\" : route.path()) + \" \" + ctx.status());",
                        "    }",
                        "}"),
                source("app.OnClass", "package app;", "import dev.kiln.*;",
                        "public final class OnClass implements Middleware {",
                        "    public void handle(Context ctx) { ctx.header(\"X-Class\", \"ran\"); }",
                        "}"),
                source("app.OnMethod", "package app;", "import dev.kiln.*;",
                        "public final class OnMethod implements Middleware {",
                        "    public void handle(Context ctx) { ctx.header(\"X-Method\", \"ran\"); }",
                        "}"),
                source("app.Items",
                        "package app;",
                        "import dev.kiln.annotation.*;",
                        "@Controller(\"/items\")",
                        "@Use(OnClass.class)",
                        "public final class Items {",
                        "    @Get(\"/:id\") @Use(OnMethod.class)",
                        "    public String get(@PathParam String id) { return \"item \" + id; }",
                        "    @Post(\"/\")",
                        "    public String create() { return \"created\"; }",
                        "}"));
    }

    private static KilnTest client() {
        return KilnTest.of(app.routes("app.AppRoutes"));
    }

    @Test
    void aMatchedRouteRunsEveryLevel() {
        KilnTest.Response r = client().get("/items/7");
        assertEquals("item 7", r.text());
        assertEquals("/items/:id 200", r.header("X-Global"));
        assertEquals("ran", r.header("X-Class"));
        assertEquals("ran", r.header("X-Method"));
    }

    @Test
    void eachKindOfUnmatchedRequestRunsTheGlobalMiddlewareOnly() {
        KilnTest app = client();
        String[][] cases = {
            {"GET", "/nowhere", "no route 404"},
            {"DELETE", "/items/7", "no route 405"},
            {"OPTIONS", "/items/7", "no route 204"},
            {"GET", "/items/7/", "no route 301"},
            {"POST", "/items", "no route 308"},
        };
        for (String[] c : cases) {
            KilnTest.Response r = app.call(c[0], c[1]).send();
            assertEquals(c[2], r.header("X-Global"), c[0] + " " + c[1]);
            assertNull(r.header("X-Class"), c[0] + " " + c[1] + ": a controller's middleware is its routes' only");
            assertNull(r.header("X-Method"), c[0] + " " + c[1]);
        }
    }

    @Test
    void anApplicationWithoutGlobalMiddlewareAnswersAsBefore() {
        CompiledApp bare = CompiledApp.compile(
                source("bare.App", "package bare;", "import dev.kiln.annotation.*;", "@KilnApplication",
                        "public final class App {}"),
                source("bare.Ping", "package bare;", "import dev.kiln.annotation.*;", "@Controller",
                        "public final class Ping {", "    @Get(\"/ping\") public String ping() { return \"pong\"; }", "}"));
        KilnTest client = KilnTest.of(bare.routes("bare.AppRoutes"));
        KilnTest.Response r = client.get("/nowhere");
        assertEquals(404, r.status());
        assertEquals(Problem.of(404, "no route for GET /nowhere"), r.problem());
        assertEquals(405, client.delete("/ping").status());
    }
}
