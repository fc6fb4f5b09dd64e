package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import io.avaje.jsonb.Jsonb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI document the processor writes is structurally valid for every golden app: the version, paths
 * whose {@code {param}}s are declared as required path parameters by each operation, unique operation ids,
 * responses on every operation, parameters with a name, a known location and a schema, and every
 * {@code $ref} resolving to a schema in {@code components}.
 */
class OpenApiTest {
    private static final Path ROOT = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
    private static final Set<String> LOCATIONS = Set.of("path", "query", "header", "cookie");
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch", "options");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String name) throws IOException {
        List<JavaFileObject> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve(name).resolve("input"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(text);
                String simple = p.getFileName().toString().replace(".java", "");
                inputs.add(JavaFileObjects.forSourceString(m.find() ? m.group(1) + "." + simple : simple, text));
            }
        }
        CompiledApp app = CompiledApp.compile(inputs);
        JavaFileObject doc = app.compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/kiln/openapi.json")
                .orElseThrow(() -> new AssertionError("no META-INF/kiln/openapi.json for " + name));
        Object parsed = Jsonb.builder().build().type(Object.class).fromJson(doc.getCharContent(true).toString());
        return (Map<String, Object>) parsed;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void documentIsStructurallyValid(String name) throws IOException {
        Map<String, Object> doc = document(name);
        assertEquals("3.1.0", doc.get("openapi"));
        Map<String, Object> info = (Map<String, Object>) doc.get("info");
        assertNotNull(info.get("title"));
        assertNotNull(info.get("version"));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertFalse(paths.isEmpty(), "no paths");
        Set<String> operationIds = new HashSet<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            assertTrue(path.getKey().startsWith("/"), path.getKey());
            Set<String> templated = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) templated.add(m.group(1));
            for (Map.Entry<String, Object> op : ((Map<String, Object>) path.getValue()).entrySet()) {
                String where = op.getKey() + " " + path.getKey();
                assertTrue(METHODS.contains(op.getKey()), where);
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                assertTrue(operationIds.add((String) operation.get("operationId")), "duplicate operationId at " + where);
                assertFalse(((Map<String, Object>) operation.get("responses")).isEmpty(), "no responses at " + where);
                Set<String> declared = new TreeSet<>();
                for (Object p : (List<Object>) operation.getOrDefault("parameters", List.of())) {
                    Map<String, Object> parameter = (Map<String, Object>) p;
                    assertNotNull(parameter.get("name"), where);
                    assertTrue(LOCATIONS.contains(parameter.get("in")), where + ": " + parameter);
                    assertNotNull(parameter.get("schema"), where + ": " + parameter);
                    if (parameter.get("in").equals("path")) {
                        assertEquals(Boolean.TRUE, parameter.get("required"), where + ": path parameters are required");
                        declared.add((String) parameter.get("name"));
                    }
                }
                assertEquals(templated, declared, "path parameters of " + where);
            }
        }
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/"), ref);
            assertTrue(schemas.containsKey(ref.substring("#/components/schemas/".length())), "unresolved " + ref);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref != null) refs.add((String) ref);
            for (Object v : ((Map<String, Object>) map).values()) collectRefs(v, refs);
        } else if (node instanceof List<?> list) {
            for (Object v : list) collectRefs(v, refs);
        }
    }
}
