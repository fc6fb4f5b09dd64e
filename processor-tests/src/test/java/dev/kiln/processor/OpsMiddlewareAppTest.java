package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.middleware.AccessLog;
import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The runtime's {@link dev.kiln.middleware.Recovery}, {@link dev.kiln.middleware.RequestId} and {@link AccessLog} in a
 * compiled application: named in {@code @Use} from the runtime jar, the first two made by the generated code, the
 * access log passed to the generated builder's typed {@code with(AccessLog)}, all three global.
 */
class OpsMiddlewareAppTest {
    /** {@code app.Wiring.routes(AccessLog)}: the generated builder given the access log, as an application's main would. */
    private static Method wiring() {
        CompiledApp app = CompiledApp.compile(
                source("app.App", "package app;", "import dev.kiln.annotation.*;", "import dev.kiln.middleware.*;",
                        "@KilnApplication", "@Use({Recovery.class, RequestId.class, AccessLog.class})",
                        "public final class App {}"),
                source("app.Items", "package app;", "import dev.kiln.Context;", "import dev.kiln.annotation.*;",
                        "import dev.kiln.middleware.RequestId;",
                        "@Controller(\"/items\")",
                        "public final class Items {",
                        "    @Get(\"/:id\") public String get(@PathParam String id, Context ctx) {",
                        "        return \"item \" + id + \" for \" + RequestId.of(ctx);",
                        "    }",
                        "    @Get(\"/boom\") public String boom() { throw new IllegalStateException(\"boom\"); }",
                        "}"),
                source("app.Wiring", "package app;", "import dev.kiln.middleware.AccessLog;",
                        "public final class Wiring {",
                        "    public static dev.kiln.routing.Routes routes(AccessLog accessLog) {",
                        "        return AppRoutes.builder().with(accessLog).build();",
                        "    }",
                        "    public static dev.kiln.routing.Routes withoutTheLog() {",
                        "        return AppRoutes.builder().build();",
                        "    }",
                        "}"));
        try {
            return app.load("app.Wiring").getMethod("routes", AccessLog.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theThreeRunForEveryRequestMatchedOrNot() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.builder().to(out).build();
        try {
            KilnTest app = KilnTest.of((Routes) wiring().invoke(null, log));

            KilnTest.Response item = app.call("GET", "/items/7").header("X-Request-Id", "req-7").send();
            assertEquals("item 7 for req-7", item.text(), "the handler reads the id");
            assertEquals("req-7", item.header("X-Request-Id"));

            KilnTest.Response boom = app.get("/items/boom");
            assertEquals(500, boom.status());
            assertEquals(Problem.of(500, null), boom.problem(), "Recovery's answer");
            String boomId = boom.header("X-Request-Id");
            assertTrue(boomId.matches("[0-9a-f]{16}"), "the id set before the failure stays on Recovery's 500: " + boomId);

            KilnTest.Response missing = app.get("/nowhere");
            assertEquals(404, missing.status());
            String missingId = missing.header("X-Request-Id");

            log.close();
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(3, lines.length, String.join("\n", lines));
            assertTrue(lines[0].matches("time=\\S+ method=GET path=/items/7 route=/items/:id status=200 duration_ms=\\S+"
                    + " request_id=req-7"), lines[0]);
            assertTrue(lines[1].matches("time=\\S+ method=GET path=/items/boom route=/items/boom status=500 duration_ms=\\S+"
                    + " request_id=" + boomId), lines[1]);
            assertTrue(lines[2].matches("time=\\S+ method=GET path=/nowhere route= status=404 duration_ms=\\S+"
                    + " request_id=" + missingId), lines[2]);
        } finally {
            log.close();
        }
    }

    @Test
    void theGeneratedBuilderAsksForTheAccessLogAndMakesTheOthers() throws Exception {
        Method withoutTheLog = wiring().getDeclaringClass().getMethod("withoutTheLog");
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> withoutTheLog.invoke(null));
        String message = e.getCause().getMessage();
        assertTrue(message.contains("AccessLog has no public no-arg constructor"), message);
        assertTrue(!message.contains("Recovery") && !message.contains("RequestId"), "those two it makes: " + message);
    }
}
