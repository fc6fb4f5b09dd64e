package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.Routes;
import dev.kiln.server.ContextDriver;
import dev.kiln.test.KilnTest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @Blocking} on a handler or on its controller reaches the runtime as {@link RouteInfo#blocking()}, the
 * flag the server reads to run the chain off the event loop; routes without it keep the old constructor call.
 */
class BlockingRoutesTest {
    private static final CompiledApp APP = CompiledApp.compile(
            source("app.App",
                    "package app;",
                    "import dev.kiln.annotation.KilnApplication;",
                    "@KilnApplication public final class App {}"),
            source("app.Api",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "@Controller public final class Api {",
                    "    @Get(\"/fast\") public String fast() { return \"fast on \" + Thread.currentThread().getName(); }",
                    "    @Get(\"/slow\") @Blocking public String slow() { return \"slow\"; }",
                    "}"),
            source("app.Reports",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "@Controller(\"/reports\") @Blocking public final class Reports {",
                    "    @Get(\"/daily\") public String daily() { return \"daily\"; }",
                    "    @Post(\"/rebuild\") public void rebuild() {}",
                    "}"));

    @Test
    void blockingOnAMethodOrItsClassMarksTheRoute() {
        Routes routes = APP.routes("app.AppRoutes");
        Map<String, Boolean> blocking = new LinkedHashMap<>();
        for (RouteInfo r : routes.routes()) blocking.put(r.method() + " " + r.path(), r.blocking());
        assertEquals(Map.of("GET /fast", false, "GET /slow", true, "GET /reports/daily", true, "POST /reports/rebuild", true),
                blocking);
    }

    @Test
    void theGeneratedTableSaysWhichRoutesBlock() throws IOException {
        String source = APP.compilation.generatedSourceFile("app.AppRoutes").orElseThrow().getCharContent(true).toString();
        assertTrue(source.contains("new RouteInfo(\"GET\", \"/slow\", \"Api#slow()\", List.of(), List.of(), true)"), source);
        assertTrue(source.contains("new RouteInfo(\"GET\", \"/fast\", \"Api#fast()\", List.of(), List.of())"), source);
        assertTrue(java.util.regex.Pattern.compile("Api#slow\\(\\) +handler \\(@Blocking\\)").matcher(source).find(), source);
    }

    @Test
    void servingRunsAnEventLoopRouteButOnlyEntersABlockingOne() throws Exception {
        Routes routes = APP.routes("app.AppRoutes");
        ContextDriver ctx = new ContextDriver(routes);
        assertEquals("/fast", routes.routes().get(ctx.serve(Methods.GET, "/fast")).path());
        assertEquals("fast on " + Thread.currentThread().getName(), String.valueOf(ctx.responseText()),
                "the router ran the handler of a route that does not block");
        ctx.reset();

        int slow = ctx.serve(Methods.GET, "/slow");
        assertTrue(routes.routes().get(slow).blocking());
        assertSame(routes.routes().get(slow), ctx.context().route(), "entered");
        assertNull(ctx.responseText(), "a @Blocking handler must not run on the thread that routes (the event loop)");
        ctx.run(); // what the worker does
        assertEquals("slow", String.valueOf(ctx.responseText()));
        ctx.reset();
    }

    @Test
    void blockingRoutesAnswerLikeAnyOther() {
        KilnTest client = KilnTest.of(APP.routes("app.AppRoutes"));
        assertEquals("slow", client.get("/slow").text());
        assertEquals("daily", client.get("/reports/daily").text());
        assertEquals(200, client.get("/fast").status());
    }
}
