package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.routing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.nio.file.FileSystemNotFoundException;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
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

    /**
     * Compiles with {@code -Xlint:all}, failing on any warning: generated code must compile without one. Sources with
     * template models ({@code @JStache}) are compiled with JStachio's processor too, as an application's build would.
     */
    static CompiledApp compile(List<JavaFileObject> sources) {
        return compile(sources, usesTemplates(sources) ? List.of(jstachio()) : List.of());
    }

    /** Whether any of {@code sources} declares a template model. */
    static boolean usesTemplates(List<JavaFileObject> sources) {
        for (JavaFileObject source : sources) {
            try {
                if (source.getCharContent(true).toString().contains("@JStache")) return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    /**
     * Compiles with the Kiln processor and {@code others} beside it (such as {@link #jsonbGenerator()}, for sources
     * whose {@code @Json} types need their adapters at run time), with {@code -Xlint:all}. Any warning fails the
     * compilation, but javac's own about avaje-jsonb's annotations and generator: its annotations left unclaimed
     * (by its generator, or because it is not on the path), and its component written in the last round; and Jakarta
     * Validation's and JStachio's annotations left unclaimed (Kiln reads them; JStachio's processor claims none).
     */
    static CompiledApp compile(List<JavaFileObject> sources, List<Processor> others) {
        List<Processor> processors = new ArrayList<>();
        processors.add(new KilnProcessor());
        processors.addAll(others);
        Compilation compilation = javac()
                .withProcessors(processors)
                .withOptions("-Xlint:all")
                .compile(sources);
        List<Diagnostic<? extends JavaFileObject>> problems = new ArrayList<>(compilation.errors());
        compilation.warnings().stream().filter(w -> !isAboutOtherProcessors(w)).forEach(problems::add);
        if (compilation.status() != Compilation.Status.SUCCESS || !problems.isEmpty()) {
            throw new AssertionError("compilation failed:\n" + problems.stream()
                    .map(d -> d.getKind() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n")));
        }
        return new CompiledApp(compilation);
    }

    /** A compilation made otherwise (with processors in another order, say), which must have succeeded. */
    static CompiledApp of(Compilation compilation) {
        if (compilation.status() != Compilation.Status.SUCCESS) {
            throw new AssertionError("compilation failed:\n" + compilation.errors().stream()
                    .map(d -> d.getMessage(null)).collect(Collectors.joining("\n")));
        }
        return new CompiledApp(compilation);
    }

    private static boolean isAboutOtherProcessors(Diagnostic<? extends JavaFileObject> warning) {
        String message = warning.getMessage(null);
        String unclaimed = "No processor claimed any of these annotations: ";
        return warning.getSource() == null && (message.startsWith(unclaimed)
                && Arrays.stream(message.substring(unclaimed.length()).split(",")).allMatch(a -> a.trim().startsWith("/io.avaje.") || a.trim().startsWith("/jakarta.validation.")
                        || a.trim().startsWith("/io.jstach."))
                || message.matches("File for type '[\\w.]*\\.jsonb\\.GeneratedJsonComponent' created in the last round.*"));
    }

    /**
     * avaje-jsonb's generator, made to run in compile-testing's in-memory file manager: its {@code init} ends by
     * writing a build note through {@code Path.of(uri)}, which has no file system for the {@code mem:} URIs of
     * that file manager and throws, after everything the processor needs is set up. The note is only skipped.
     */
    /** JStachio's processor, which compiles each {@code @JStache} model's template into its renderer. */
    static Processor jstachio() {
        return new io.jstach.apt.GenerateRendererProcessor();
    }

    static Processor jsonbGenerator() {
        Processor generator = new io.avaje.jsonb.generator.JsonbProcessor();
        return withInit(generator, env -> {
            try {
                generator.init(env);
            } catch (FileSystemNotFoundException inMemory) {
                // the build note (avaje-processors.txt) cannot be written in memory; nothing else depends on it
            }
        });
    }

    /**
     * A code generator, as a record or mapper processor would be: in its first round with a {@code @KilnApplication}
     * it writes {@code sources}, by class name, so Kiln sees them only in the second round. It claims nothing.
     */
    static Processor generator(Map<String, String> sources) {
        return new AbstractProcessor() {
            private boolean written;

            @Override
            public Set<String> getSupportedAnnotationTypes() {
                return Set.of("dev.kiln.annotation.KilnApplication");
            }

            @Override
            public SourceVersion getSupportedSourceVersion() {
                return SourceVersion.latestSupported();
            }

            @Override
            public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                if (written || annotations.isEmpty()) return false;
                written = true;
                for (Map.Entry<String, String> source : sources.entrySet()) {
                    try (java.io.Writer w = processingEnv.getFiler().createSourceFile(source.getKey()).openWriter()) {
                        w.write(source.getValue());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return false; // Kiln claims its annotation
            }
        };
    }

    /** {@code processor}, initialised by {@code init} instead of javac's call to its own {@code init}. */
    static Processor withInit(Processor processor, Consumer<ProcessingEnvironment> init) {
        return new Processor() {
            @Override
            public Set<String> getSupportedOptions() {
                return processor.getSupportedOptions();
            }

            @Override
            public Set<String> getSupportedAnnotationTypes() {
                return processor.getSupportedAnnotationTypes();
            }

            @Override
            public SourceVersion getSupportedSourceVersion() {
                return processor.getSupportedSourceVersion();
            }

            @Override
            public void init(ProcessingEnvironment env) {
                init.accept(env);
            }

            @Override
            public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                return processor.process(annotations, round);
            }

            @Override
            public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                                                                 ExecutableElement member, String userText) {
                return processor.getCompletions(element, annotation, member, userText);
            }
        };
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
        return routes(routesClass, null);
    }

    /** The generated routes of {@code routesClass}, built with this JSON codec (null: the default) and no instances supplied. */
    Routes routes(String routesClass, dev.kiln.json.JsonCodec json) {
        try {
            Class<?> cls = loader.loadClass(routesClass);
            Object builder = cls.getMethod("builder").invoke(null);
            if (json != null) builder.getClass().getMethod("json", dev.kiln.json.JsonCodec.class).invoke(builder, json);
            return (Routes) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + routesClass, e);
        }
    }

    /** The route annotation's simple name for an HTTP method: {@code GET} is {@code Get}. */
    static String annotation(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The text of a resource the compilation wrote, such as {@code META-INF/services/...}; null when there is none. */
    String resource(String path) {
        for (JavaFileObject f : compilation.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS || !f.toUri().getPath().endsWith("/CLASS_OUTPUT/" + path)) continue;
            try {
                return f.getCharContent(true).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    /**
     * avaje-jsonb with the adapters its generator wrote for this compilation: they live in the in-memory class
     * loader, where the default codec's {@code ServiceLoader} cannot see them, so a test plugs in a
     * {@link dev.kiln.json.JsonCodec} (the seam the generated routes offer) on a Jsonb built with the generated
     * component.
     */
    dev.kiln.json.JsonCodec avajeCodec() throws ReflectiveOperationException {
        String services = resource("META-INF/services/io.avaje.jsonb.spi.JsonbExtension");
        if (services == null) throw new AssertionError("avaje-jsonb's generator registered no component");
        io.avaje.jsonb.Jsonb.Builder builder = io.avaje.jsonb.Jsonb.builder();
        for (String name : services.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            builder.add((io.avaje.jsonb.spi.JsonbComponent) load(name).getConstructor().newInstance());
        }
        return dev.kiln.json.JsonCodec.avaje(builder.build());
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
