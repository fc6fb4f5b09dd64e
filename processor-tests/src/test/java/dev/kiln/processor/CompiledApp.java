package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.routing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles sources with the Kiln processor in memory and loads the result, so a test can call the
 * generated router directly or through {@link dev.kiln.test.KilnTest}.
 */
final class CompiledApp {
    final Compilation compilation;
    private final ClassLoader loader;

    private CompiledApp(Compilation compilation) {
        this.compilation = compilation;
        this.loader = new InMemoryLoader(compilation.generatedFiles());
    }

    /** Compiles with {@code -Xlint:all -Werror}: generated code must compile without a warning. */
    static CompiledApp compile(List<JavaFileObject> sources) {
        Compilation compilation = javac()
                .withProcessors(new KilnProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .compile(sources);
        if (compilation.status() != Compilation.Status.SUCCESS) {
            String problems = compilation.diagnostics().stream()
                    .map(d -> d.getKind() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("compilation failed:\n" + problems);
        }
        return new CompiledApp(compilation);
    }

    static CompiledApp compile(JavaFileObject... sources) {
        return compile(List.of(sources));
    }

    /** A source file from text; {@code name} is the class's fully qualified name. */
    static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString(name, String.join("\n", lines));
    }

    /** The generated routes of {@code routesClass}, built with no instances supplied. */
    Routes routes(String routesClass) {
        try {
            Class<?> cls = loader.loadClass(routesClass);
            Object builder = cls.getMethod("builder").invoke(null);
            return (Routes) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + routesClass, e);
        }
    }

    Class<?> load(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    /**
     * The bytes of every class file the compilation wrote, by binary name ({@code app.AppRoutes$Builder}), so a
     * test can inspect the bytecode itself.
     */
    Map<String, byte[]> classFiles() {
        Map<String, byte[]> classes = new TreeMap<>();
        for (JavaFileObject f : compilation.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) continue;
            try (InputStream in = f.openInputStream()) {
                classes.put(binaryName(f), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classes;
    }

    /** {@code app.AppRoutes$Builder} for the in-memory file {@code .../CLASS_OUTPUT/app/AppRoutes$Builder.class}. */
    private static String binaryName(JavaFileObject classFile) {
        String path = classFile.toUri().getPath();
        String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - ".class".length());
        return name.replace('/', '.');
    }

    List<Diagnostic<? extends JavaFileObject>> warnings() {
        return new ArrayList<>(compilation.warnings());
    }

    /** Defines the compiled classes; everything else comes from the test's own class path. */
    private static final class InMemoryLoader extends ClassLoader {
        private final Map<String, JavaFileObject> classes = new HashMap<>();

        InMemoryLoader(List<JavaFileObject> files) {
            super(CompiledApp.class.getClassLoader());
            for (JavaFileObject f : files) {
                if (f.getKind() != JavaFileObject.Kind.CLASS) continue;
                classes.put(binaryName(f), f);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JavaFileObject f = classes.get(name);
            if (f == null) throw new ClassNotFoundException(name);
            try (InputStream in = f.openInputStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
