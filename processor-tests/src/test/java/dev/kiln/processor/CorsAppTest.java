package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The runtime's {@link dev.kiln.middleware.Cors} in compiled applications: named in {@code @Use} from the runtime jar,
 * passed to the generated builder's typed {@code with(Cors)}, and seeing what its place in the chain lets it see. On
 * the application class it answers preflights for every path, by the router's own {@code Allow} or a route's own
 * {@code @Options}; on a controller or a method it sees only the requests that reach its routes, so actual requests
 * get CORS headers there and preflights do not.
 */
class CorsAppTest {
    private static final String APP = "https://app.example.com";
    private static final String CORS = "Cors.builder().allowOrigins(\"" + APP + "\")"
            + ".allowMethods(\"GET\", \"PUT\", \"DELETE\").allowHeaders(\"Content-Type\").build()";

    /** {@code app.Wiring.routes()}: the generated builder given a Cors, as an application's main would. */
    private static Routes routes(JavaFileObject... sources) throws Exception {
        JavaFileObject[] all = new JavaFileObject[sources.length + 1];
        System.arraycopy(sources, 0, all, 0, sources.length);
        all[sources.length] = source("app.Wiring", "package app;", "import dev.kiln.middleware.Cors;",
                "public final class Wiring {",
                "    public static dev.kiln.routing.Routes routes() {",
                "        return AppRoutes.builder().with(" + CORS + ").build();",
                "    }",
                "}");
        return (Routes) CompiledApp.compile(all).load("app.Wiring").getMethod("routes").invoke(null);
    }

    private static KilnTest.Response preflight(KilnTest app, String path, String method) {
        return app.call("OPTIONS", path).header("Origin", APP).header("Access-Control-Request-Method", method).send();
    }

    @Test
    void onTheApplicationItApprovesPreflightsByTheRoutersAllowAndARoutesOwnOptions() throws Exception {
        KilnTest app = KilnTest.of(routes(
                source("app.App", "package app;", "import dev.kiln.annotation.*;", "import dev.kiln.middleware.Cors;",
                        "@KilnApplication", "@Use(Cors.class)", "public final class App {}"),
                source("app.Items", "package app;", "import dev.kiln.annotation.*;",
                        "@Controller(\"/items\")",
                        "public final class Items {",
                        "    @Get(\"/:id\") public String get(@PathParam String id) { return \"item \" + id; }",
                        "    @Put(\"/:id\") public String put(@PathParam String id) { return \"put \" + id; }",
                        "}"),
                source("app.Custom", "package app;", "import dev.kiln.Context;", "import dev.kiln.annotation.*;",
                        "@Controller(\"/custom\")",
                        "public final class Custom {",
                        "    @Get(\"\") public String get() { return \"custom\"; }",
                        "    @Delete(\"\") public void delete(Context ctx) { ctx.status(204); }",
                        "    @Options(\"\") public void options(Context ctx) { ctx.status(200).header(\"Allow\", \"GET, HEAD, OPTIONS\"); }",
                        "}")));

        KilnTest.Response put = preflight(app, "/items/1", "PUT");
        assertEquals(204, put.status());
        assertEquals(APP, put.header("Access-Control-Allow-Origin"));
        assertEquals("GET, PUT", put.header("Access-Control-Allow-Methods"), "configured, and routed on the path");
        assertNull(preflight(app, "/items/1", "DELETE").header("Access-Control-Allow-Origin"), "no DELETE route there");
        assertEquals(404, preflight(app, "/nowhere", "GET").status());
        assertNull(preflight(app, "/nowhere", "GET").header("Access-Control-Allow-Origin"));

        KilnTest.Response own = preflight(app, "/custom", "GET");
        assertEquals(200, own.status(), "the route's @Options answered");
        assertEquals("GET", own.header("Access-Control-Allow-Methods"));
        assertNull(preflight(app, "/custom", "DELETE").header("Access-Control-Allow-Origin"),
                "a DELETE route exists, but the route's own Allow leaves it out: the handler decides");

        KilnTest.Response actual = app.call("PUT", "/items/1").header("Origin", APP).send();
        assertEquals("put 1", actual.text());
        assertEquals(APP, actual.header("Access-Control-Allow-Origin"));
    }

    @Test
    void onAControllerOrAMethodItAnswersActualRequestsOnlySincePreflightsReachNoRoute() throws Exception {
        KilnTest app = KilnTest.of(routes(
                source("app.App", "package app;", "import dev.kiln.annotation.*;", "@KilnApplication",
                        "public final class App {}"),
                source("app.Public", "package app;", "import dev.kiln.annotation.*;", "import dev.kiln.middleware.Cors;",
                        "@Controller(\"/public\")", "@Use(Cors.class)",
                        "public final class Public {",
                        "    @Get(\"/:id\") public String get(@PathParam String id) { return \"public \" + id; }",
                        "    @Put(\"/:id\") public String put(@PathParam String id) { return \"put \" + id; }",
                        "}"),
                source("app.Mixed", "package app;", "import dev.kiln.annotation.*;", "import dev.kiln.middleware.Cors;",
                        "@Controller(\"/mixed\")",
                        "public final class Mixed {",
                        "    @Get(\"/open\") @Use(Cors.class) public String open() { return \"open\"; }",
                        "    @Get(\"/closed\") public String closed() { return \"closed\"; }",
                        "}")));

        assertEquals(APP, app.call("GET", "/public/1").header("Origin", APP).send().header("Access-Control-Allow-Origin"));
        assertEquals(APP, app.call("GET", "/mixed/open").header("Origin", APP).send().header("Access-Control-Allow-Origin"));
        assertNull(app.call("GET", "/mixed/closed").header("Origin", APP).send().header("Access-Control-Allow-Origin"));

        KilnTest.Response preflight = preflight(app, "/public/1", "PUT");
        assertEquals(204, preflight.status(), "the server's own OPTIONS answer, which runs global middleware only");
        assertEquals("GET, HEAD, PUT, OPTIONS", preflight.header("Allow"));
        assertNull(preflight.header("Access-Control-Allow-Origin"), "so a browser would not send the PUT");
    }
}
