package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds after a controller changes or is deleted produce the router of the sources as they are now, and
 * Gradle is told the processor aggregates (it must see every annotated type on each run).
 */
class IncrementalBuildTest {
    private static final JavaFileObject APP = CompiledApp.source("app.App",
            "package app;",
            "@dev.kiln.annotation.KilnApplication",
            "public final class App {}");

    private static JavaFileObject controller(String name, String... routes) {
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < routes.length; k++) {
            body.append("    @dev.kiln.annotation.Get(\"").append(routes[k]).append("\") public String r").append(k)
                    .append("() { return \"").append(routes[k]).append("\"; }\n");
        }
        return CompiledApp.source("app." + name, "package app;", "@dev.kiln.annotation.Controller",
                "public final class " + name + " {", body.toString(), "}");
    }

    private static List<String> paths(CompiledApp app) {
        Routes routes = app.routes("app.AppRoutes");
        return routes.routes().stream().map(RouteInfo::path).toList();
    }

    @Test
    void aChangedControllerIsRoutedAsItIsNow() {
        CompiledApp before = CompiledApp.compile(APP, controller("Users", "/users"), controller("Orders", "/orders"));
        assertEquals(List.of("/orders", "/users"), paths(before));
        CompiledApp after = CompiledApp.compile(APP, controller("Users", "/people", "/people/new"), controller("Orders", "/orders"));
        assertEquals(List.of("/orders", "/people", "/people/new"), paths(after));
    }

    @Test
    void aDeletedControllerLeavesNoRouteBehind() {
        CompiledApp before = CompiledApp.compile(APP, controller("Users", "/users"), controller("Orders", "/orders"));
        assertEquals(List.of("/orders", "/users"), paths(before));
        CompiledApp after = CompiledApp.compile(APP, controller("Orders", "/orders"));
        assertEquals(List.of("/orders"), paths(after));
    }

    @Test
    void gradleKnowsTheProcessorAggregates() throws IOException {
        try (InputStream in = KilnProcessor.class.getClassLoader()
                .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
            assertEquals("dev.kiln.processor.KilnProcessor,aggregating",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
