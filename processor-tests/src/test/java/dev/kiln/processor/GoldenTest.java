package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares generated sources with the expected ones, case by case.
 *
 * <p>Each folder under {@code src/test/resources/golden/} is a case: {@code input/} holds the user's sources
 * (paths follow packages), {@code expected/} the generated {@code *Routes.java} and resources (the OpenAPI
 * document under {@code META-INF/kiln/}). Run with
 * {@code -Dgolden.update=true} to rewrite the expected files after an intended change (and delete those no
 * longer generated), then review the diff. A case fails for a file generated but not expected, one expected
 * but no longer generated, and one that differs.
 */
class GoldenTest {
    private static final Path ROOT = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void generatedSourceMatchesGolden(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        List<JavaFileObject> inputs;
        try (Stream<Path> files = Files.walk(dir.resolve("input"))) {
            inputs = files.filter(p -> p.toString().endsWith(".java")).sorted().map(GoldenTest::source).toList();
        }
        assertFalse(inputs.isEmpty(), "case " + name + " has no input sources");
        // A case with template models compiles them with JStachio's processor too; its renderers are not Kiln's output.
        boolean templates = CompiledApp.usesTemplates(inputs);
        CompiledApp app = CompiledApp.compile(inputs);
        Path expectedDir = dir.resolve("expected");
        Set<String> expectedFiles = new TreeSet<>();
        if (Files.isDirectory(expectedDir)) {
            try (Stream<Path> files = Files.walk(expectedDir)) {
                files.filter(Files::isRegularFile).forEach(p -> expectedFiles.add(relative(expectedDir, p)));
            }
        }
        assertTrue(UPDATE || expectedFiles.stream().anyMatch(f -> f.endsWith(".java")), "case " + name + " has no expected sources");
        Set<String> generatedFiles = new TreeSet<>();
        for (JavaFileObject generated : app.compilation.generatedFiles()) {
            String path = generated.toUri().getPath();
            String relative;
            if (path.contains("/SOURCE_OUTPUT/")) {
                relative = path.substring(path.indexOf("/SOURCE_OUTPUT/") + "/SOURCE_OUTPUT/".length());
            } else if (path.contains("/CLASS_OUTPUT/") && generated.getKind() == JavaFileObject.Kind.OTHER) {
                relative = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length()); // resources
            } else {
                continue;
            }
            String actual = generated.getCharContent(true).toString();
            if (templates && isJStachios(relative, actual)) continue;
            generatedFiles.add(relative);
            Path expected = expectedDir.resolve(relative);
            if (UPDATE) {
                Files.createDirectories(expected.getParent());
                Files.writeString(expected, actual, StandardCharsets.UTF_8);
                continue;
            }
            assertTrue(Files.exists(expected), "unexpected generated file " + relative + "; run with -Dgolden.update=true");
            assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "generated " + relative + " differs from golden");
        }
        Set<String> missing = new TreeSet<>(expectedFiles);
        missing.removeAll(generatedFiles);
        if (UPDATE) {
            for (String gone : missing) Files.delete(expectedDir.resolve(gone));
            return;
        }
        assertTrue(missing.isEmpty(), "expected files no longer generated: " + missing
                + "; run with -Dgolden.update=true to delete them if that is intended");
    }

    /** Whether a generated file is JStachio's: a renderer, or the service files it registers them in. */
    private static boolean isJStachios(String relative, String content) {
        return relative.startsWith("META-INF/services/") || content.contains("io.jstach.apt.GenerateRendererProcessor");
    }

    /** {@code file}'s path under {@code dir}, with forward slashes as in the compiler's URIs. */
    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static JavaFileObject source(Path file) {
        try {
            return JavaFileObjects.forSourceLines(qualifiedName(file), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String qualifiedName(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String simple = file.getFileName().toString().replace(".java", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(text);
        return m.find() ? m.group(1) + "." + simple : simple;
    }
}
