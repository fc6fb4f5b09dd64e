package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.processor.tree.PathTemplate;
import dev.kiln.processor.tree.RouteTree;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public router benchmark route sets (GitHub, Parse, Google+, static; see {@code routes/README.md}),
 * each compiled into an app with one handler per route: every line of both request files must reach the
 * route on the same line, with each parameter's offsets giving the expected value, in the generated router
 * and in the tree interpreter alike.
 */
class RouteSetsTest {
    private static final Path ROOT = Path.of(System.getProperty("routes.dir", "src/test/resources/routes"));
    private static final Map<String, Compiled> COMPILED = new HashMap<>();

    /** One route set's generated router and the tree the processor compiled it from. */
    private record Compiled(List<String[]> lines, Routes routes, RouteTree tree) {}

    static Stream<Arguments> requestFiles() {
        List<Arguments> all = new ArrayList<>();
        for (String set : new String[] {"github", "parse", "gplus", "static"}) {
            all.add(Arguments.of(set, "requests"));
            all.add(Arguments.of(set, "requests-values"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"github", "parse", "gplus", "static"})
    void generatedRouteTableIsTheRouteFile(String set) throws Exception {
        Compiled app = compiled(set);
        List<RouteInfo> infos = app.routes.routes();
        int routes = Map.of("github", 203, "parse", 26, "gplus", 13, "static", 157).get(set);
        assertEquals(routes, app.lines.size(), "routes in " + set + ".txt (README)");
        assertEquals(routes, infos.size(), "routes generated");
        int maxParams = 0;
        for (int i = 0; i < infos.size(); i++) {
            String[] line = app.lines.get(i);
            assertEquals(line[0] + " " + line[1], infos.get(i).method() + " " + infos.get(i).path(), "route " + i);
            maxParams = Math.max(maxParams, PathTemplate.parse(line[1]).paramNames().size());
        }
        assertTrue(maxParams > 0 || set.equals("static"), set + " has parameters");
        assertEquals(maxParams, app.routes.maxParams(), "maxParams");
        assertEquals(maxParams, app.tree.maxParams(), "tree maxParams");
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("requestFiles")
    void everyRequestReachesItsOwnRouteWithItsValues(String set, String kind) throws Exception {
        Compiled app = compiled(set);
        List<String[]> requests = read(set + "-" + kind + ".txt");
        assertEquals(app.lines.size(), requests.size(), set + "-" + kind + ": one request per route");
        boolean literal = kind.equals("requests");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int line = i;
            String[] template = app.lines.get(i);
            String method = requests.get(i)[0];
            String path = requests.get(i)[1];
            Map<String, String> expected = literal ? literalValues(template[1]) : alignedValues(template[1], path);
            if (!literal) {
                assertTrue(expected.values().stream().noneMatch(v -> v.startsWith(":")),
                        () -> set + "-" + kind + " line " + (line + 1) + ": not a realistic value: " + expected);
            }
            checks.add(() -> checkRequest(app, line, method, path, expected));
        }
        assertAll(set + "-" + kind, checks);
    }

    private static void checkRequest(Compiled app, int line, String method, String path, Map<String, String> expected) {
        String what = "line " + (line + 1) + ": " + method + " " + path;
        Routes routes = app.routes;
        PathMatch match = new PathMatch(routes.maxParams());
        int id = routes.lookup(Methods.bit(method), path, path.length(), match);
        assertEquals(line, id, what + ": generated router's route");
        List<String> params = routes.routes().get(id).params();
        assertEquals(List.copyOf(expected.keySet()), params, what + ": parameter names");
        RouteTree.Match interpreted = app.tree.lookup(method, path);
        assertEquals(line, interpreted.route() == null ? -1 : interpreted.route().id(), what + ": tree's route");
        for (int k = 0; k < params.size(); k++) {
            String name = params.get(k);
            int start = match.offsets[2 * k];
            int end = match.offsets[2 * k + 1];
            assertEquals(expected.get(name), path.substring(start, end), what + ": " + name);
            assertEquals(start, interpreted.offsets()[2 * k], what + ": tree's start of " + name);
            assertEquals(end, interpreted.offsets()[2 * k + 1], what + ": tree's end of " + name);
        }
    }

    /** The benchmark's own requests are the templates: each parameter's value is its own {@code :name}. */
    private static Map<String, String> literalValues(String template) throws PathTemplate.SyntaxError {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : PathTemplate.parse(template).paramNames()) values.put(name, ":" + name);
        return values;
    }

    /** Each parameter's value from aligning the template's segments with the request's. */
    private static Map<String, String> alignedValues(String template, String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        Map<String, String> values = new LinkedHashMap<>();
        for (int s = 0; s < want.length; s++) {
            if (want[s].startsWith("*")) {
                values.put(want[s].substring(1), "/" + String.join("/", List.of(got).subList(s, got.length)));
                return values;
            }
            if (s >= got.length) throw new AssertionError(path + " has fewer segments than " + template);
            if (want[s].startsWith(":")) {
                values.put(want[s].substring(1), got[s]);
            } else if (!want[s].equals(got[s])) {
                throw new AssertionError(path + " does not fit " + template + " at segment " + s);
            }
        }
        if (got.length != want.length) throw new AssertionError(path + " has more segments than " + template);
        return values;
    }

    private static synchronized Compiled compiled(String set) throws IOException {
        Compiled app = COMPILED.get(set);
        if (app != null) return app;
        List<String[]> lines = read(set + ".txt");
        assertTrue(lines.size() > 10, set + ": route file too short");
        String pkg = "sets." + set + "set"; // "static" is a keyword
        List<String> source = new ArrayList<>(List.of(
                "package " + pkg + ";",
                "import dev.kiln.Context;",
                "import dev.kiln.annotation.*;",
                "@Controller",
                "public final class Api {"));
        List<RouteTree.Route> treeRoutes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String method = lines.get(i)[0];
            String path = lines.get(i)[1];
            String annotation = CompiledApp.annotation(method);
            source.add("    @" + annotation + "(\"" + path + "\") public void r" + i + "(Context ctx) {}");
            try {
                treeRoutes.add(new RouteTree.Route(i, method, PathTemplate.parse(path)));
            } catch (PathTemplate.SyntaxError e) {
                throw new AssertionError(set + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        source.add("}");
        JavaFileObject api = CompiledApp.source(pkg + ".Api", source.toArray(String[]::new));
        JavaFileObject main = CompiledApp.source(pkg + ".App",
                "package " + pkg + ";",
                "@dev.kiln.annotation.KilnApplication",
                "public final class App {}");
        CompiledApp compiledApp = CompiledApp.compile(main, api);
        assertTrue(compiledApp.warnings().isEmpty(), () -> set + ": warnings " + compiledApp.warnings());
        RouteTree tree = RouteTree.build(treeRoutes);
        assertTrue(tree.conflicts().isEmpty(), () -> set + ": conflicts " + tree.conflicts());
        app = new Compiled(List.copyOf(lines), compiledApp.routes(pkg + ".AppRoutes"), tree);
        COMPILED.put(set, app);
        return app;
    }

    /** The lines of a route or request file as {method, path}. */
    private static List<String[]> read(String file) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            int space = line.indexOf(' ');
            assertTrue(space > 0 && line.indexOf(' ', space + 1) < 0, file + ": not 'METHOD /path': " + line);
            lines.add(new String[] {line.substring(0, space), line.substring(space + 1)});
        }
        return lines;
    }
}
