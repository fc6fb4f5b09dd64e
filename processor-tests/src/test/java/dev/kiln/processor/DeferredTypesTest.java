package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.json.JsonCodec;
import dev.kiln.test.KilnTest;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Types that another annotation processor generates: in the first round they do not exist yet, so Kiln waits
 * for the round in which they do, and generates the routes then, as if they had been written by hand.
 */
class DeferredTypesTest {
    /** The application: every generated type is used where a missing one used to be misreported. */
    private static final List<JavaFileObject> SOURCES = List.of(
            CompiledApp.source("app.App",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "@KilnApplication @Use(Stamp.class)", // a generated middleware
                    "public final class App {}"),
            CompiledApp.source("app.Api",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "import java.util.List;",
                    "import java.util.concurrent.CompletionStage;",
                    "import java.util.concurrent.CompletableFuture;",
                    "@Controller",
                    "public final class Api {",
                    "    @Post(\"/notes\") public Note create(@Body Note note) { return note; }", // body and result
                    "    @Get(\"/notes\") public CompletionStage<List<Note>> all() {",
                    "        return CompletableFuture.completedFuture(List.of());",
                    "    }",
                    "    @Get(\"/tags/:tag\") public String tag(@PathParam Tag tag) { return \"tag \" + tag.name(); }",
                    "}"));

    /**
     * What a code generator writes in its first round, as a record or mapper processor would: {@code app.Note} (a
     * record), {@code app.Tag} (a value with {@code of(String)}) and {@code app.Stamp} (a middleware).
     */
    private static final Map<String, String> GENERATED = Map.of(
            "app.Note", "package app;\npublic record Note(String text) {}\n",
            "app.Tag", "package app;\npublic record Tag(String name) {\n"
                    + "    public static Tag of(String name) { return new Tag(name); }\n}\n",
            "app.Stamp", "package app;\npublic final class Stamp implements dev.kiln.Middleware {\n"
                    + "    @Override public void handle(dev.kiln.Context ctx) { ctx.header(\"X-Stamp\", \"generated\"); }\n}\n");

    private static Compilation compilation;

    /**
     * The generator runs first, as javac orders processors found on the path: Kiln sees its types only in round 2.
     * The routes run with a codec of their own ({@code noJson} below), so avaje-jsonb's adapters are not checked.
     */
    @BeforeAll
    static void compile() {
        compilation = javac().withProcessors(CompiledApp.generator(GENERATED), new KilnProcessor())
                .withOptions("-Xlint:all", "-Werror", "-Akiln.json=none")
                .compile(SOURCES);
    }

    @Test
    void typesAnotherProcessorGeneratesAreUsedInTheRoundTheyExist() throws IOException {
        assertThat(compilation).succeededWithoutWarnings();
        String routes = compilation.generatedSourceFile("app.AppRoutes").orElseThrow().getCharContent(true).toString();
        assertTrue(routes.contains("Note note = Params.json(ctx, this.noteJson, \"note\", \"Note\");"), routes);
        assertTrue(routes.contains("private final JsonCodec.Adapter<List<Note>> listOfNoteJson;"), routes);
        assertTrue(routes.contains("Tag tag = Params.convert(ctx.param(0), Tag::of, \"tag\", \"path\", \"Tag\");"), routes);
        assertTrue(routes.contains("this.stamp.handle(ctx);"), routes);
        // The OpenAPI document describes the generated record like any other.
        String openApi = CompiledApp.of(compilation).resource("META-INF/kiln/openapi.json");
        assertTrue(openApi.contains("\"Note\": {\n        \"type\": \"object\",\n        \"properties\": {\n          \"text\""), openApi);
    }

    @Test
    void theRoutesServeWithTheGeneratedTypes() {
        // No JSON adapter exists for Note (avaje's generator is not on this path), and these requests need none.
        JsonCodec noJson = new JsonCodec() {
            @Override
            public <T> Adapter<T> adapter(Type type) {
                return new Adapter<>() {
                    @Override
                    public T read(byte[] json) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public byte[] write(T value) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
        KilnTest.Response r = KilnTest.of(CompiledApp.of(compilation).routes("app.AppRoutes", noJson)).get("/tags/kiln");
        assertEquals(200, r.status());
        assertEquals("tag kiln", r.text());
        assertEquals("generated", r.header("X-Stamp"), "the generated middleware ran");
    }
}
