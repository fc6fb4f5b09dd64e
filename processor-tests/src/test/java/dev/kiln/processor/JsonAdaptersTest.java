package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.json.JsonCodec;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's verdict on the adapter of each type a route reads or writes as JSON ({@code JsonAdapters}), and
 * avaje-jsonb's own: one table of types, each the body or the result of one handler, compiled once as the
 * processor checks it and once unchecked ({@code -Akiln.json=none}) with avaje-jsonb's generator, whose
 * adapters then answer, type by type, whether the verdict was right. An error must be a type avaje-jsonb has no
 * adapter for, and a type that passes must have one.
 */
class JsonAdaptersTest {
    private enum Verdict { PASSES, ERROR, WARNING }

    /**
     * One handler: {@code type} as its result (or, with {@code body}, as its {@code @Body}), what the build says of
     * it, and the type its message names as having no adapter.
     */
    private record Case(String type, boolean body, Verdict verdict, String missing) {
        static Case passes(String type) {
            return new Case(type, false, Verdict.PASSES, null);
        }

        static Case error(String type, String missing) {
            return new Case(type, false, Verdict.ERROR, missing);
        }

        static Case warning(String type, String missing) {
            return new Case(type, false, Verdict.WARNING, missing);
        }

        Case asBody() {
            return new Case(type, true, verdict, missing);
        }
    }

    private static final List<Case> CASES = List.of(
            // built into avaje-jsonb
            Case.passes("String"), Case.passes("int"), Case.passes("Integer"), Case.passes("long[]"), Case.passes("Object"),
            Case.passes("UUID"), Case.passes("BigDecimal"), Case.passes("LocalDate"), Case.passes("Instant"),
            Case.passes("Duration"), Case.passes("java.net.URI"), Case.passes("java.util.OptionalInt"),
            Case.passes("Color"), Case.passes("List<Color>"), Case.passes("Map<Color, Integer>"),
            Case.passes("Map<String, List<UUID>>"), Case.passes("Set<String>"), Case.passes("Collection<Integer>"),
            Case.passes("List<byte[]>"), Case.passes("CompletionStage<List<String>>"),
            // given an adapter by this compilation
            Case.passes("Annotated"), Case.passes("Annotated[]"), Case.passes("List<Annotated>"),
            Case.passes("Optional<Annotated>"), Case.passes("Map<String, Annotated>"), Case.passes("Page<Annotated>"),
            Case.passes("CompletionStage<Annotated>"), Case.passes("Annotated").asBody(),
            Case.passes("Nested"), Case.passes("Deep"), Case.passes("Listed"), // the generator's cascade
            Case.passes("Imported"), Case.passes("List<Imported>").asBody(), Case.passes("AlsoImported"),
            Case.passes("ImportedByPackage"), Case.passes("Mixed"), Case.passes("Valued"),
            Case.passes("Custom"), Case.passes("Animal"), Case.passes("Tail"), // a subtype's field: cascaded
            // certain to have none
            Case.error("Plain", "app.Plain"), Case.error("Plain", "app.Plain").asBody(),
            Case.error("List<Plain>", "app.Plain"), Case.error("List<Plain>", "app.Plain").asBody(),
            Case.error("Plain[]", "app.Plain"), Case.error("Optional<Plain>", "app.Plain"),
            Case.error("Set<Plain>", "app.Plain"), Case.error("Map<String, Plain>", "app.Plain"),
            Case.error("Page<Plain>", "app.Plain"), Case.error("CompletionStage<Plain>", "app.Plain"),
            Case.error("CompletionStage<List<Plain>>", "app.Plain"),
            Case.error("Dog", "app.Dog"), // written by its supertype's adapter only
            // none that the build can see
            Case.warning("ArrayList<String>", "java.util.ArrayList"), Case.warning("HashMap<String, String>", "java.util.HashMap"),
            Case.warning("Map<Long, String>", "java.util.Map<java.lang.Long,java.lang.String>"),
            Case.warning("java.util.Locale", "java.util.Locale"), Case.warning("Number", "java.lang.Number"),
            Case.warning("dev.kiln.RouteInfo", "dev.kiln.RouteInfo"));

    /** The types of the table, each given its adapter in another way, or none. */
    private static final List<JavaFileObject> TYPES = List.of(
            CompiledApp.source("app.App", "package app;", "@dev.kiln.annotation.KilnApplication", "public final class App {}"),
            CompiledApp.source("app.Color", "package app;", "public enum Color { RED, GREEN }"),
            CompiledApp.source("app.Annotated", "package app;", "import java.util.*;",
                    "@io.avaje.jsonb.Json",
                    "public record Annotated(String name, Nested nested, List<Listed> listed) {}"),
            CompiledApp.source("app.Nested", "package app;", "public record Nested(Deep deep) {}"),
            CompiledApp.source("app.Deep", "package app;", "public record Deep(int depth) {}"),
            CompiledApp.source("app.Listed", "package app;", "public record Listed(String text) {}"),
            CompiledApp.source("app.Page", "package app;", "import java.util.List;",
                    "@io.avaje.jsonb.Json",
                    "public record Page<T>(List<T> items, int total) {}"),
            CompiledApp.source("app.Imported", "package app;", "public record Imported(String text) {}"),
            CompiledApp.source("app.AlsoImported", "package app;", "public record AlsoImported(String text) {}"),
            CompiledApp.source("app.JsonImports", "package app;",
                    "@io.avaje.jsonb.Json.Import(Imported.class)",
                    "@io.avaje.jsonb.Json.Import(AlsoImported.class)", // repeated: javac holds both in Json.Import.Imports
                    "final class JsonImports {}"),
            CompiledApp.source("app.ImportedByPackage", "package app;", "public record ImportedByPackage(String text) {}"),
            CompiledApp.source("app.package-info", "@io.avaje.jsonb.Json.Import(ImportedByPackage.class)", "package app;"),
            CompiledApp.source("app.Mixed", "package app;", "public class Mixed { public String text; }"),
            CompiledApp.source("app.MixedMixIn", "package app;",
                    "@io.avaje.jsonb.Json.MixIn(Mixed.class)",
                    "public abstract class MixedMixIn {}"),
            CompiledApp.source("app.Valued", "package app;",
                    "public final class Valued {",
                    "    private final String value;",
                    "    public Valued(String value) { this.value = value; }",
                    "    @io.avaje.jsonb.Json.Value public String value() { return value; }",
                    "}"),
            CompiledApp.source("app.Custom", "package app;", "public record Custom(String text) {}"),
            CompiledApp.source("app.CustomCodec", "package app;",
                    "import io.avaje.json.*;",
                    "@io.avaje.jsonb.CustomAdapter",
                    "public final class CustomCodec implements JsonAdapter<Custom> {",
                    "    public CustomCodec(io.avaje.jsonb.Jsonb jsonb) {}",
                    "    @Override public void toJson(JsonWriter writer, Custom value) { writer.value(value.text()); }",
                    "    @Override public Custom fromJson(JsonReader reader) { return new Custom(reader.readString()); }",
                    "}"),
            CompiledApp.source("app.Animal", "package app;",
                    "@io.avaje.jsonb.Json @io.avaje.jsonb.Json.SubType(type = Dog.class)",
                    "public sealed interface Animal permits Dog {}"),
            CompiledApp.source("app.Dog", "package app;", "public record Dog(Tail tail) implements Animal {}"),
            CompiledApp.source("app.Tail", "package app;", "public record Tail(int length) {}"),
            CompiledApp.source("app.Plain", "package app;", "public record Plain(String text) {}"));

    /** The controller: one handler per case, on its own line ({@code case<n>}), so a diagnostic's line names its case. */
    private static JavaFileObject api() {
        List<String> lines = new ArrayList<>(List.of("package app;", "import dev.kiln.annotation.*;", "import java.math.*;",
                "import java.time.*;", "import java.util.*;", "import java.util.concurrent.CompletionStage;",
                "@Controller", "public final class Api {"));
        for (int k = 0; k < CASES.size(); k++) {
            Case c = CASES.get(k);
            lines.add(c.body()
                    ? "    @Post(\"/" + k + "\") public void case" + k + "(@Body " + c.type() + " value) {}"
                    : "    @Get(\"/" + k + "\") public " + c.type() + " case" + k + "() { throw new UnsupportedOperationException(); }");
        }
        lines.add("}");
        return CompiledApp.source("app.Api", lines.toArray(new String[0]));
    }

    private static List<JavaFileObject> sources() {
        List<JavaFileObject> sources = new ArrayList<>(TYPES);
        sources.add(api());
        return sources;
    }

    @Test
    void eachTypeIsJudgedAsTheTableSays() {
        Compilation c = javac().withProcessors(new KilnProcessor(), CompiledApp.jsonbGenerator()).compile(sources());
        Map<Integer, List<String>> byCase = new TreeMap<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            String message = d.getMessage(null);
            if (!message.startsWith("[Kiln/NoJsonAdapter]") && !message.startsWith("[Kiln/JsonAdapterUnseen]")) continue;
            assertTrue(d.getSource() != null && d.getSource().getName().endsWith("Api.java"), message);
            // The controller's handlers start on line 9.
            byCase.computeIfAbsent((int) d.getLineNumber() - 9, k -> new ArrayList<>()).add(d.getKind() + " " + message);
        }
        List<String> wrong = new ArrayList<>();
        for (int k = 0; k < CASES.size(); k++) {
            Case expected = CASES.get(k);
            List<String> got = byCase.getOrDefault(k, List.of());
            String tag = expected.verdict() == Verdict.ERROR ? "ERROR [Kiln/NoJsonAdapter]" : "WARNING [Kiln/JsonAdapterUnseen]";
            boolean right = expected.verdict() == Verdict.PASSES ? got.isEmpty()
                    : got.size() == 1 && got.get(0).startsWith(tag) && got.get(0).contains(" adapter for " + expected.missing() + ": ");
            if (!right) wrong.add(expected + ": " + got);
        }
        assertTrue(wrong.isEmpty(), "judged otherwise than the table says:\n" + String.join("\n", wrong));
    }

    @Test
    void avajeJsonbHasAnAdapterForEveryTypeThatPassesAndNoneForTheOthers() throws Exception {
        Compilation c = javac().withProcessors(new KilnProcessor(), CompiledApp.jsonbGenerator())
                .withOptions("-Akiln.json=none")
                .compile(sources());
        CompiledApp app = CompiledApp.of(c);
        JsonCodec json = app.avajeCodec();
        Class<?> api = app.load("app.Api");
        List<String> wrong = new ArrayList<>();
        for (int k = 0; k < CASES.size(); k++) {
            Case expected = CASES.get(k);
            Method handler = method(api, k);
            Type type = expected.body() ? handler.getGenericParameterTypes()[0] : eventual(handler.getGenericReturnType());
            String outcome;
            try {
                json.adapter(type);
                outcome = "an adapter";
            } catch (IllegalArgumentException e) {
                outcome = "none";
            }
            if (outcome.equals("an adapter") != (expected.verdict() == Verdict.PASSES)) {
                wrong.add(expected + ": avaje-jsonb has " + outcome);
            }
        }
        assertTrue(wrong.isEmpty(), "the build's verdict is not avaje-jsonb's:\n" + String.join("\n", wrong));
    }

    private static Method method(Class<?> api, int k) throws NoSuchMethodException {
        for (Method m : api.getMethods()) {
            if (m.getName().equals("case" + k)) return m;
        }
        throw new NoSuchMethodException("case" + k);
    }

    /** {@code T} of a {@code CompletionStage<T>}; any other type as it is. */
    private static Type eventual(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == java.util.concurrent.CompletionStage.class) {
            return p.getActualTypeArguments()[0];
        }
        return type;
    }

    // ---- types the compilation does not declare ----------------------------------------------------------------

    /**
     * A library compiled before, with avaje-jsonb's generator, is on the class path: its {@code @Json} type and the
     * type it imports have their generated adapters beside them, and pass; its other type is a warning.
     */
    @Test
    void aLibrarysTypesPassWithTheAdaptersGeneratedForThem(@TempDir Path library) throws IOException {
        Compilation lib = javac().withProcessors(CompiledApp.jsonbGenerator()).compile(
                CompiledApp.source("lib.Money", "package lib;", "@io.avaje.jsonb.Json", "public record Money(long cents) {}"),
                CompiledApp.source("lib.Rate", "package lib;", "public record Rate(double value) {}"),
                CompiledApp.source("lib.Holder", "package lib;", "public final class Holder {",
                        "    public record Inner(String text) {}", "}"),
                CompiledApp.source("lib.Imports", "package lib;", "@io.avaje.jsonb.Json.Import({Rate.class, Holder.Inner.class})",
                        "final class Imports {}"),
                CompiledApp.source("lib.Bare", "package lib;", "public record Bare(String text) {}"));
        for (Map.Entry<String, byte[]> c : CompiledApp.of(lib).classFiles().entrySet()) {
            Path file = library.resolve(c.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
        List<File> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) classPath.add(new File(entry));
        classPath.add(library.toFile());
        JavaFileObject api = CompiledApp.source("app.Api", "package app;", "import dev.kiln.annotation.*;",
                "@Controller", "public final class Api {",
                "    @Get(\"/money\") public lib.Money money() { return null; }",
                "    @Get(\"/rate\") public lib.Rate rate() { return null; }",
                "    @Get(\"/inner\") public lib.Holder.Inner inner() { return null; }",
                "    @Get(\"/bare\") public lib.Bare bare() { return null; }",
                "}");
        Compilation c = javac().withProcessors(new KilnProcessor()).withClasspath(classPath).compile(TYPES.get(0), api);
        assertEquals(List.of("[Kiln/JsonAdapterUnseen] Handler Api#bare() writes Bare as JSON, and Kiln sees no avaje-jsonb"
                + " adapter for lib.Bare: it comes from the class path without @Json or a generated BareJsonAdapter"),
                kilnMessages(c).stream().map(m -> m.substring(0, m.indexOf(", and no @Json.Import"))).toList());
    }

    /** A {@code @Json} type another processor generates is seen in the round it exists, as one written by hand. */
    @Test
    void aJsonTypeAnotherProcessorGeneratesPasses() {
        JavaFileObject api = CompiledApp.source("app.Api", "package app;", "import dev.kiln.annotation.*;",
                "@Controller", "public final class Api {",
                "    @Get(\"/note\") public Note note() { return null; }",
                "}");
        Map<String, String> generated = Map.of("app.Note", "package app;\n@io.avaje.jsonb.Json\npublic record Note(String text) {}\n");
        Compilation c = javac().withProcessors(CompiledApp.generator(generated), new KilnProcessor()).compile(TYPES.get(0), api);
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        assertEquals(List.of(), kilnMessages(c));
    }

    private static List<String> kilnMessages(Compilation c) {
        return c.diagnostics().stream().map(d -> d.getMessage(null)).filter(m -> m.startsWith("[Kiln/"))
                .collect(Collectors.toList());
    }
}
