package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code @StaticFiles} mount in a compiled application: the generated router sends what is under the prefix to
 * the mount, after the application's middleware, and its static routes under the same prefix still win; the
 * builder's {@code staticFiles(path, directory)} replaces the directory at run time, and a missing one stops
 * {@code build()} with its name.
 */
class StaticFilesAppTest {
    @TempDir
    static Path site;
    private static Method routes;

    @BeforeAll
    static void compile() throws Exception {
        Files.writeString(site.resolve("index.html"), "<h1>site</h1>");
        Files.writeString(site.resolve("app.js"), "run();");
        routes = CompiledApp.compile(
                source("app.App", "package app;", "import dev.kiln.annotation.*;",
                        "@KilnApplication",
                        "@Use(Stamp.class)",
                        "@StaticFiles(path = \"/assets\", directory = \"/no/such/directory/kiln\", cacheControl = \"max-age=5\")",
                        "public final class App {}"),
                source("app.Stamp", "package app;", "import dev.kiln.*;",
                        "public final class Stamp implements Middleware {",
                        "    @Override public void handle(Context ctx) throws Exception {",
                        "        ctx.header(\"X-Stamp\", \"global\");",
                        "        ctx.next();",
                        "    }",
                        "}"),
                source("app.Listing", "package app;", "import dev.kiln.annotation.*;",
                        "@Controller(\"/assets\")",
                        "public final class Listing {",
                        "    @Get(\"/list\") public String list() { return \"the list\"; }",
                        "}"),
                source("app.Wiring", "package app;",
                        "public final class Wiring {",
                        "    public static dev.kiln.routing.Routes routes(String directory) {",
                        "        AppRoutes.Builder b = AppRoutes.builder();",
                        "        if (directory != null) b.staticFiles(\"/assets\", directory);",
                        "        return b.build();",
                        "    }",
                        "    public static void elsewhere() {",
                        "        AppRoutes.builder().staticFiles(\"/elsewhere\", \"/tmp\");",
                        "    }",
                        "}"))
                .load("app.Wiring").getMethod("routes", String.class);
    }

    @Test
    void filesUnderThePrefixAreServedAfterTheGlobalMiddlewareAndStaticRoutesStillWin() throws Exception {
        KilnTest app = KilnTest.of((Routes) routes.invoke(null, site.toString()));
        KilnTest.Response js = app.get("/assets/app.js");
        assertEquals(200, js.status());
        assertEquals("run();", js.text());
        assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
        assertEquals("max-age=5", js.header("Cache-Control"));
        assertEquals("global", js.header("X-Stamp"), "the application's @Use runs for the mount");
        assertEquals("<h1>site</h1>", app.get("/assets/").text());
        assertEquals("the list", app.get("/assets/list").text(), "a static route beats the catch-all");
        assertEquals(304, app.call("GET", "/assets/app.js").header("If-None-Match", js.header("ETag")).send().status());
        assertEquals(404, app.get("/assets/none.css").status());
        assertEquals(405, app.call("DELETE", "/assets/app.js").send().status());
    }

    @Test
    void theAnnotationsDirectoryIsCheckedWhenTheRoutesAreBuiltAndOnlyMountedPathsCanBeReplaced() throws Exception {
        InvocationTargetException missing = assertThrows(InvocationTargetException.class, () -> routes.invoke(null, (Object) null));
        assertInstanceOf(IllegalArgumentException.class, missing.getCause());
        assertTrue(missing.getCause().getMessage().contains("/no/such/directory/kiln does not exist"), missing.getCause().getMessage());
        Method elsewhere = routes.getDeclaringClass().getMethod("elsewhere");
        InvocationTargetException unknown = assertThrows(InvocationTargetException.class, () -> elsewhere.invoke(null));
        assertEquals("no @StaticFiles mount at /elsewhere; the mounts are at /assets", unknown.getCause().getMessage());
    }
}
