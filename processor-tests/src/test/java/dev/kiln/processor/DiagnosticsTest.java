package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.diag.Problem;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * One test per diagnostic: its tag and message, and the file and line it points at.
 *
 * <p>Each test names the {@link Problem}s it checks with {@link Diagnoses} and checks them with
 * {@link #reported}; a test fails if the two disagree, and {@link #everyProblemHasATest} fails for a problem no
 * test names, so a problem added to the catalogue without a test fails the build.
 */
class DiagnosticsTest {
    /** The problems a test checks, each with {@link #reported}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Diagnoses {
        Problem[] value();
    }

    /** What this test checked with {@link #reported}; JUnit makes a new instance per test. */
    private final Set<Problem> checked = EnumSet.noneOf(Problem.class);

    private static final JavaFileObject APP = JavaFileObjects.forSourceLines("app.App",
            "package app;",
            "import dev.kiln.annotation.KilnApplication;",
            "@KilnApplication",
            "public final class App {}");

    private static final JavaFileObject NOOP = JavaFileObjects.forSourceLines("app.Noop",
            "package app;",
            "import dev.kiln.*;",
            "public final class Noop implements Middleware {",
            "    public void handle(Context ctx) {}",
            "}");

    /** A controller in package {@code app} with the usual imports and these body lines. */
    private static JavaFileObject controller(String... body) {
        return controllerNamed("Api", "@Controller", body);
    }

    private static JavaFileObject controllerNamed(String name, String annotations, String... body) {
        return type(name, annotations + "\npublic final class " + name, body);
    }

    /** A type in package {@code app} with the usual imports, declared as {@code declaration}, with these body lines. */
    private static JavaFileObject type(String name, String declaration, String... body) {
        String header = String.join("\n",
                "package app;",
                "import dev.kiln.*;",
                "import dev.kiln.annotation.*;",
                declaration + " {");
        return JavaFileObjects.forSourceString("app." + name, header + "\n" + String.join("\n", body) + "\n}\n");
    }

    private static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new KilnProcessor()).compile(sources);
    }

    /**
     * Asserts that {@code c} reported {@code problem}, as an error or a warning as the catalogue says, with
     * {@code text} right after its tag; the caller goes on to say in which file and on which line.
     */
    private CompilationSubject.DiagnosticInFile reported(Compilation c, Problem problem, String text) {
        checked.add(problem);
        String message = "[Kiln/" + problem.tag() + "] " + text;
        return problem.severity() == Problem.Severity.ERROR
                ? assertThat(c).hadErrorContaining(message)
                : assertThat(c).hadWarningContaining(message);
    }

    @AfterEach
    void checkedWhatItNames(TestInfo test) {
        Diagnoses named = test.getTestMethod().orElseThrow().getAnnotation(Diagnoses.class);
        Set<Problem> expected = EnumSet.noneOf(Problem.class);
        if (named != null) expected.addAll(Arrays.asList(named.value()));
        assertEquals(expected, checked, "the problems @Diagnoses names and those the test checked with reported(...)");
    }

    // ---- the catalogue ---------------------------------------------------------------------------------------

    @Test
    void everyProblemHasATest() {
        Set<Problem> tested = EnumSet.noneOf(Problem.class);
        for (Method m : DiagnosticsTest.class.getDeclaredMethods()) {
            Diagnoses named = m.getAnnotation(Diagnoses.class);
            if (named != null && m.isAnnotationPresent(Test.class)) tested.addAll(Arrays.asList(named.value()));
        }
        Set<Problem> untested = EnumSet.complementOf(EnumSet.copyOf(tested));
        assertTrue(untested.isEmpty(), "problems without a test in DiagnosticsTest: " + untested);
    }

    @Test
    void tagsAreDistinctWordsAndEveryProblemExplainsItself() {
        Set<String> tags = new TreeSet<>();
        for (Problem p : Problem.values()) {
            assertTrue(p.tag().matches("[A-Z][A-Za-z]+"), p + ": tag " + p.tag());
            assertTrue(tags.add(p.tag()), p + ": tag " + p.tag() + " twice");
            assertTrue(p.explanation().endsWith(".") && !p.explanation().contains("\n"), p + ": " + p.explanation());
        }
    }

    /** The README's "Compile errors" table has a row for every tag, warnings marked, and no tag that does not exist. */
    @Test
    void everyProblemIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("readme.path", "../README.md")));
        for (Problem p : Problem.values()) {
            String row = "| `[Kiln/" + p.tag() + "]`" + (p.severity() == Problem.Severity.WARNING ? " (warning) |" : " |");
            assertTrue(readme.contains(row), "README has no row starting " + row);
        }
        Set<String> tags = new TreeSet<>();
        for (Problem p : Problem.values()) tags.add(p.tag());
        Matcher cited = Pattern.compile("\\[Kiln/(\\w+)]").matcher(readme);
        while (cited.find()) assertTrue(tags.contains(cited.group(1)), "README cites [Kiln/" + cited.group(1) + "], which is no tag");
    }

    // ---- routes and paths --------------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.DUPLICATE_ROUTE)
    void duplicateRouteIsAnErrorOnTheSecondMethodNamingTheFirst() {
        JavaFileObject api = controller(
                "    @Get(\"/orders/:id\") public String first(@PathParam String id) { return id; }",
                "    @Get(\"/orders/:id\") public String second(@PathParam String id) { return id; }");
        Compilation c = compile(APP, api);
        assertThat(c).failed();
        reported(c, Problem.DUPLICATE_ROUTE, "GET /orders/:id is routed twice")
                .inFile(api).onLineContaining("second(");
        assertThat(c).hadErrorContaining("Api#first(String)").inFile(api).onLineContaining("second(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void sameTemplateUnderDifferentMethodsIsFine() {
        JavaFileObject api = controller(
                "    @Get(\"/orders/:id\") public String get(@PathParam String id) { return id; }",
                "    @Delete(\"/orders/:id\") public void delete(@PathParam String id) {}");
        assertThat(compile(APP, api)).succeededWithoutWarnings();
    }

    @Test
    @Diagnoses(Problem.PARAM_NAME_CONFLICT)
    void differentParameterNamesAtOnePositionConflict() {
        JavaFileObject api = controller(
                "    @Get(\"/a/:id\") public String a(@PathParam String id) { return id; }",
                "    @Get(\"/a/:name/b\") public String b(@PathParam String name) { return name; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.PARAM_NAME_CONFLICT, "Path '/a/:name/b' names a parameter 'name' where '/a/:id' names it 'id'")
                .inFile(api).onLineContaining("public String b(");
        assertThat(c).hadErrorContaining("Api#a(String)").inFile(api).onLineContaining("public String b(");
    }

    @Test
    @Diagnoses(Problem.CATCH_ALL_CONFLICT)
    void catchAllBesideParameterIsAmbiguous() {
        JavaFileObject api = controller(
                "    @Get(\"/files/:name\") public String one(@PathParam String name) { return name; }",
                "    @Get(\"/files/*path\") public String all(@PathParam String path) { return path; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.CATCH_ALL_CONFLICT, "Path '/files/*path' has '*path' where '/files/:name' has ':name'")
                .inFile(api).onLineContaining("public String all(");
        assertThat(c).hadErrorContaining("Api#one(String)").inFile(api).onLineContaining("public String all(");
    }

    /** An application with the mount {@code annotation} (a {@code @StaticFiles(...)}) on its class line. */
    private static JavaFileObject appWithMount(String annotation) {
        return JavaFileObjects.forSourceLines("app.App",
                "package app;",
                "import dev.kiln.annotation.KilnApplication;",
                "import dev.kiln.annotation.StaticFiles;",
                "@KilnApplication",
                annotation,
                "public final class App {}");
    }

    @Test
    @Diagnoses(Problem.CATCH_ALL_CONFLICT)
    void aStaticFilesMountClashingWithARouteIsReportedOnTheMountQuotingBoth() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"/assets\", directory = \"classpath:/static\")");
        JavaFileObject api = controller("    @Get(\"/assets/:name\") public String one(@PathParam String name) { return name; }");
        Compilation c = compile(app, api);
        reported(c, Problem.CATCH_ALL_CONFLICT, "Path '/assets/*path' has '*path' where '/assets/:name' has ':name'")
                .inFile(app).onLineContaining("public final class App");
        assertThat(c).hadErrorContaining("GET /assets/*path  @StaticFiles(classpath:/static)  <- this method");
        assertThat(c).hadErrorContaining("GET /assets/:name  Api#one(String)");
    }

    @Test
    @Diagnoses(Problem.DUPLICATE_ROUTE)
    void twoStaticFilesMountsAtOnePathAreADuplicateRoute() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"/a\", directory = \"classpath:/one\")"
                + " @StaticFiles(path = \"/a\", directory = \"classpath:/two\")");
        Compilation c = compile(app, controller("    @Get(\"/x\") public String x() { return \"\"; }"));
        reported(c, Problem.DUPLICATE_ROUTE, "").inFile(app).onLineContaining("public final class App");
        assertThat(c).hadErrorContaining("GET /a/*path  @StaticFiles(classpath:/one)");
    }

    @Test
    void aStaticFilesMountBesideStaticRoutesUnderItsPrefixIsFine() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"/assets\", directory = \"classpath:/static\")");
        JavaFileObject api = controller("    @Get(\"/assets/list\") public String list() { return \"\"; }",
                "    @Get(\"/assets\") public String all() { return \"\"; }");
        assertThat(compile(app, api)).succeededWithoutWarnings();
    }

    @Test
    @Diagnoses(Problem.STATIC_FILES_MOUNT)
    void aStaticFilesPathWithAParameterIsRefused() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"/files/:user\", directory = \"/srv/files\")");
        reported(compile(app, controller("    @Get(\"/x\") public String x() { return \"\"; }")), Problem.STATIC_FILES_MOUNT,
                "@StaticFiles(path = \"/files/:user\", directory = \"/srv/files\") has a path with a parameter or a trailing"
                        + " '/', but a mount is a plain prefix: its files are under it. Write it as \"/files\"")
                .inFile(app).onLineContaining("public final class App");
    }

    @Test
    @Diagnoses(Problem.STATIC_FILES_MOUNT)
    void aStaticFilesMountOfTheWholeClassPathIsRefused() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"/\", directory = \"classpath:/\")");
        reported(compile(app, controller("    @Get(\"/x\") public String x() { return \"\"; }")), Problem.STATIC_FILES_MOUNT,
                "@StaticFiles(path = \"/\", directory = \"classpath:/\") names the whole class path, which would serve every"
                        + " class and resource of the application")
                .inFile(app).onLineContaining("public final class App");
    }

    @Test
    @Diagnoses(Problem.STATIC_FILES_MOUNT)
    void aStaticFilesMountOnAControllerIsReportedSinceItWouldNeverBeServed() {
        JavaFileObject api = controllerNamed("Api", "@Controller @dev.kiln.annotation.StaticFiles(path = \"/a\", directory = \"/srv\")",
                "    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(APP, api), Problem.STATIC_FILES_MOUNT, "@StaticFiles is on Api, but mounts are read from the"
                + " @KilnApplication class only, so this one is never served. Move it to App.")
                .inFile(api).onLineContaining("class Api");
    }

    @Test
    @Diagnoses(Problem.PATH_START)
    void aStaticFilesPathMustStartWithSlash() {
        JavaFileObject app = appWithMount("@StaticFiles(path = \"assets\", directory = \"classpath:/static\")");
        reported(compile(app, controller("    @Get(\"/x\") public String x() { return \"\"; }")), Problem.PATH_START,
                "@StaticFiles(path = \"assets\", directory = \"classpath:/static\") has a path that does not start with"
                        + " '/'. Write it as \"/assets\".")
                .inFile(app).onLineContaining("public final class App");
    }

    @Test
    void catchAllBesideStaticIsFine() {
        JavaFileObject api = controller(
                "    @Get(\"/files/*path\") public String all(@PathParam String path) { return path; }",
                "    @Get(\"/files/index\") public String index() { return \"i\"; }");
        assertThat(compile(APP, api)).succeededWithoutWarnings();
    }

    @Test
    @Diagnoses(Problem.CATCH_ALL_NOT_LAST)
    void catchAllMustBeLast() {
        JavaFileObject api = controller("    @Get(\"/files/*path/raw\") public String raw(@PathParam String path) { return path; }");
        reported(compile(APP, api), Problem.CATCH_ALL_NOT_LAST, "Path '/files/*path/raw' has the catch-all '*path' before its end")
                .inFile(api).onLineContaining("raw(");
    }

    @Test
    @Diagnoses(Problem.PATH_START)
    void pathMustStartWithSlash() {
        JavaFileObject api = controller("    @Get(\"orders\") public String list() { return \"\"; }");
        reported(compile(APP, api), Problem.PATH_START, "Path 'orders' does not start with '/'. Write it as '/orders'.")
                .inFile(api).onLineContaining("list(");
    }

    @Test
    @Diagnoses(Problem.PATH_START)
    void controllerPrefixMustStartWithSlash() {
        JavaFileObject api = controllerNamed("Api", "@Controller(\"api\")", "    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(APP, api), Problem.PATH_START, "@Controller(\"api\") does not start with '/'")
                .inFile(api).onLineContaining("class Api");
    }

    @Test
    @Diagnoses(Problem.EMPTY_PARAM_NAME)
    void parameterNeedsAName() {
        JavaFileObject api = controller("    @Get(\"/users/:\") public String user(Context ctx) { return \"\"; }");
        reported(compile(APP, api), Problem.EMPTY_PARAM_NAME, "Path '/users/:' has a parameter without a name")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    @Diagnoses(Problem.PATH_CHARACTER)
    void charactersOutsideThePathGrammarAreRejected() {
        JavaFileObject api = controller("    @Get(\"/search?q\") public String search() { return \"\"; }");
        reported(compile(APP, api), Problem.PATH_CHARACTER, "Path '/search?q' has the character '?'")
                .inFile(api).onLineContaining("search(");
    }

    @Test
    void parameterInsideASegmentIsRejected() {
        JavaFileObject api = controller("    @Get(\"/user_:name\") public String user(Context ctx) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("':' and '*' start a parameter only at the start of a segment")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    @Diagnoses(Problem.DOT_SEGMENT)
    void dotSegmentsNeverMatchAndAreRejected() {
        JavaFileObject api = controller("    @Get(\"/a/../b\") public String up() { return \"\"; }");
        reported(compile(APP, api), Problem.DOT_SEGMENT, "Path '/a/../b' has a '..' segment")
                .inFile(api).onLineContaining("up(");
    }

    @Test
    @Diagnoses(Problem.EMPTY_SEGMENT)
    void emptySegmentsAreRejected() {
        JavaFileObject api = controller("    @Get(\"/a//b\") public String ab() { return \"\"; }");
        reported(compile(APP, api), Problem.EMPTY_SEGMENT, "Path '/a//b' has an empty segment")
                .inFile(api).onLineContaining("ab(");
    }

    @Test
    @Diagnoses(Problem.DUPLICATE_PARAM_NAME)
    void theSameParameterNameTwiceInOnePathIsRejected() {
        JavaFileObject api = controller("    @Get(\"/a/:id/b/:id\") public String ab(Context ctx) { return \"\"; }");
        reported(compile(APP, api), Problem.DUPLICATE_PARAM_NAME, "Path '/a/:id/b/:id' declares 'id' twice")
                .inFile(api).onLineContaining("ab(");
    }

    @Test
    @Diagnoses(Problem.UNKNOWN_PATH_PARAM)
    void pathParamMustBeDeclaredByThePath() {
        JavaFileObject api = controller("    @Get(\"/users/:id\") public String user(@PathParam String userId) { return userId; }");
        reported(compile(APP, api), Problem.UNKNOWN_PATH_PARAM, "@PathParam 'userId' of Api#user(String) is not declared by its path '/users/:id', which declares id")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    @Diagnoses(Problem.UNBOUND_PATH_PARAM)
    void declaredPathParamThatIsNeverBoundIsAWarning() {
        JavaFileObject api = controller("    @Get(\"/users/:id\") public String user() { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        reported(c, Problem.UNBOUND_PATH_PARAM, "Path '/users/:id' declares 'id', but Api#user() never binds it")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    @Diagnoses({Problem.PATH_START, Problem.CATCH_ALL_NOT_LAST, Problem.DUPLICATE_ROUTE})
    void everyErrorIsReportedInOneRun() {
        JavaFileObject api = controller(
                "    @Get(\"no-slash\") public String a() { return \"\"; }",
                "    @Get(\"/b/*rest/c\") public String b(Context ctx) { return \"\"; }",
                "    @Get(\"/c\") public String c() { return \"\"; }",
                "    @Get(\"/c\") public String d() { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.PATH_START, "").inFile(api).onLineContaining("public String a(");
        reported(c, Problem.CATCH_ALL_NOT_LAST, "").inFile(api).onLineContaining("public String b(");
        reported(c, Problem.DUPLICATE_ROUTE, "").inFile(api).onLineContaining("public String d(");
        assertThat(c).hadErrorCount(3);
    }

    @Test
    @Diagnoses(Problem.MISSING_CONTROLLER)
    void routeMethodOutsideAControllerIsAnError() {
        JavaFileObject stray = controllerNamed("Stray", "", "    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(APP, stray), Problem.MISSING_CONTROLLER, "Route method Stray#x is in a class without @Controller")
                .inFile(stray).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.TWO_APPLICATIONS)
    void twoApplicationsAreAnError() {
        JavaFileObject second = JavaFileObjects.forSourceLines("app.Second",
                "package app;",
                "import dev.kiln.annotation.KilnApplication;",
                "@KilnApplication",
                "public final class Second {}");
        reported(compile(APP, second), Problem.TWO_APPLICATIONS, "Second is a second @KilnApplication; app.App is the first.")
                .inFile(second).onLineContaining("class Second");
    }

    @Test
    @Diagnoses(Problem.NO_APPLICATION)
    void controllersWithoutAnApplicationAreAWarning() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(api), Problem.NO_APPLICATION, "There are controllers but no @KilnApplication class in this"
                + " compilation, so no router is generated.").inFile(api).onLineContaining("class Api");
    }

    // ---- middleware ----------------------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.NOT_MIDDLEWARE)
    void useOfAClassThatIsNotMiddlewareIsAnError() {
        JavaFileObject api = controllerNamed("Api", "@Controller @Use(String.class)", "    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(APP, api), Problem.NOT_MIDDLEWARE, "@Use(String.class) names a type that does not implement Middleware")
                .inFile(api).onLineContaining("class Api");
    }

    @Test
    @Diagnoses(Problem.ABSTRACT_MIDDLEWARE)
    void abstractMiddlewareIsAnError() {
        JavaFileObject base = JavaFileObjects.forSourceLines("app.Base",
                "package app;",
                "public abstract class Base implements dev.kiln.Middleware {}");
        JavaFileObject api = controller("    @Get(\"/x\") @Use(Base.class) public String x() { return \"\"; }");
        reported(compile(APP, base, api), Problem.ABSTRACT_MIDDLEWARE, "@Use(Base.class) names an abstract class")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.ABSTRACT_MIDDLEWARE)
    void interfaceAsMiddlewareIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") @Use(Middleware.class) public String x() { return \"\"; }");
        reported(compile(APP, api), Problem.ABSTRACT_MIDDLEWARE, "@Use(Middleware.class) names an interface")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.DUPLICATE_MIDDLEWARE)
    void theSameMiddlewareTwiceInOneChainIsAnError() {
        JavaFileObject api = controllerNamed("Api", "@Controller @Use(Noop.class)",
                "    @Get(\"/x\") @Use(Noop.class) public String x() { return \"\"; }");
        reported(compile(APP, NOOP, api), Problem.DUPLICATE_MIDDLEWARE, "@Use(Noop.class) adds Noop to a chain that already runs it (Noop)")
                .inFile(api).onLineContaining("x(");
    }

    // ---- handlers and controllers --------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.UNSUPPORTED_PARAMETER_TYPE)
    void unsupportedParameterTypeListsWhatIsSupported() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(@Query Object t) { return \"\"; }");
        reported(compile(APP, api), Problem.UNSUPPORTED_PARAMETER_TYPE, "Parameter 't' of Api#x(Object) has type java.lang.Object, which Kiln cannot bind from the query. Supported: String, CharSequence, a primitive or its box, UUID, an enum")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.TWO_BODIES)
    void twoBodiesAreAnError() {
        JavaFileObject api = controller("    @Post(\"/x\") public String x(@Body String a, @Body byte[] b) { return a; }");
        reported(compile(APP, api), Problem.TWO_BODIES, "Api#x(String, byte[]) has two @Body parameters")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.STREAM_HANDLER)
    void aStreamParameterOnAHandlerThatReturnsAValueIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(dev.kiln.ResponseStream out) { return \"\"; }");
        reported(compile(APP, api), Problem.STREAM_HANDLER,
                "Api#x(ResponseStream) takes the stream 'out' and also returns a value, but its response is the stream."
                        + " Return void.")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.STREAM_HANDLER)
    void twoStreamParametersAreAnError() {
        JavaFileObject api = controller(
                "    @Get(\"/x\") public void x(dev.kiln.ResponseStream out,",
                "            dev.kiln.sse.EventStream events) { }");
        reported(compile(APP, api), Problem.STREAM_HANDLER, "Api#x(ResponseStream, EventStream) takes 2 streams (out,"
                + " events), but a request has one response. Keep one.")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.BAD_PRODUCES)
    void aProducesThatIsNotAMediaTypeIsAnError() {
        JavaFileObject api = controller(
                "    @dev.kiln.annotation.Produces(\"csv\")",
                "    @Get(\"/x\") public void x(dev.kiln.ResponseStream out) { }");
        reported(compile(APP, api), Problem.BAD_PRODUCES, "@Produces(\"csv\") on Api#x(ResponseStream) is not a media type."
                + " Write it as type/subtype, such as \"text/csv\".")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.BAD_BODY_SIZE)
    void aMaxBodySizeThatIsNotASizeIsAnError() {
        JavaFileObject api = controller(
                "    @MaxBodySize(\"2GB\")",
                "    @Post(\"/x\") public void x(@Body byte[] b) { }");
        reported(compile(APP, api), Problem.BAD_BODY_SIZE, "@MaxBodySize(\"2GB\") on Api#x(byte[]) uses a decimal unit,"
                + " which some read as a power of 1000 and others of 1024. Write a number of bytes, KiB, MiB or GiB, such as"
                + " \"512KiB\" or \"2GiB\".")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.BAD_BODY_SIZE)
    void aMaxBodySizeTooLargeToGatherIsAnError() {
        JavaFileObject api = controller(
                "    @MaxBodySize(\"4GiB\")",
                "    @Post(\"/x\") public void x(@Body byte[] b) { }");
        reported(compile(APP, api), Problem.BAD_BODY_SIZE, "@MaxBodySize(\"4GiB\") on Api#x(byte[]) is more than a"
                + " gathered body can hold (2147483639 bytes). Take the body as it arrives with @Body InputStream on a"
                + " @Blocking route, or lower the limit.")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.STREAMED_BODY_NOT_BLOCKING)
    void aStreamedBodyOnTheEventLoopIsAnError() {
        JavaFileObject api = controller("    @Post(\"/x\") public void x(@Body java.io.InputStream in) { }");
        reported(compile(APP, api), Problem.STREAMED_BODY_NOT_BLOCKING, "Api#x(InputStream) reads its body 'in' as an"
                + " InputStream, whose reads wait for the client, but runs on the event loop, which must never wait. Add"
                + " @Blocking.")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.FORM_ON_GET)
    void aFormFieldOnAGetRouteIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Form(\"q\") String q) { return q; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.FORM_ON_GET, "Parameter 'q' of Api#x(String) reads a form field of a GET request, which has"
                + " no body: a browser sends a GET form in the query. Use @Query(\"q\"), or make the route @Post.")
                .inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.FORM_ON_GET)
    void aFileOnAHeadRouteIsAnError() {
        JavaFileObject api = controller("    @Head(\"/x\") public void x(@Form dev.kiln.form.Upload file) {}");
        reported(compile(APP, api), Problem.FORM_ON_GET, "Parameter 'file' of Api#x(Upload) reads a form field of a HEAD request")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.UPLOAD_NOT_FORM)
    void anUploadFromTheQueryIsAnError() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Query(\"f\") dev.kiln.form.Upload f) { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.UPLOAD_NOT_FORM, "Parameter 'f' of Api#x(Upload) has type dev.kiln.form.Upload, a file part of a"
                + " multipart form, but is bound from the query. Annotate it with @Form(\"f\") instead.")
                .inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.UPLOAD_NOT_FORM)
    void aListOfUploadsAsTheBodyIsAnError() {
        JavaFileObject api = controller("    @Post(\"/x\") public void x(@Body java.util.List<dev.kiln.form.Upload> files) {}");
        reported(compile(APP, api), Problem.UPLOAD_NOT_FORM, "Parameter 'files' of Api#x(List) has type"
                + " java.util.List<dev.kiln.form.Upload>, a file part of a multipart form, but is bound from the body")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.BODY_AND_FORM)
    void aBodyAndAFormFieldOnOneHandlerAreAnError() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Body String body,",
                "                    @Form String title) { return body; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.BODY_AND_FORM, "Parameter 'title' of Api#x(String, String) reads a form field, but the handler"
                + " also takes the body with @Body; a request has one body, either a form or not. Bind every value with"
                + " @Form, or take the body whole with @Body alone.").inFile(api).onLineContaining("@Form String title");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.DEFAULT_NOT_APPLICABLE)
    void defaultOnAFilePartCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Form @Default(\"a\") dev.kiln.form.Upload file) { return \"\"; }");
        reported(compile(APP, api), Problem.DEFAULT_NOT_APPLICABLE, "@Default on parameter 'file' of"
                + " Api#x(Upload) can never apply: a file part has no default.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.UNANNOTATED_PARAMETER)
    void parameterWithoutAnnotationIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(String who) { return who; }");
        reported(compile(APP, api), Problem.UNANNOTATED_PARAMETER, "Parameter 'who' of Api#x(String) says nowhere where its value comes from")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.HANDLER_NOT_PUBLIC)
    void handlerMustBePublic() {
        JavaFileObject api = controller("    @Get(\"/x\") String x() { return \"\"; }");
        reported(compile(APP, api), Problem.HANDLER_NOT_PUBLIC, "Handler Api#x() is not public")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.HANDLER_STATIC)
    void handlerMustNotBeStatic() {
        JavaFileObject api = controller("    @Get(\"/x\") public static String x() { return \"\"; }");
        reported(compile(APP, api), Problem.HANDLER_STATIC, "Handler Api#x() is static")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.HANDLER_GENERIC)
    void handlerMustNotBeGeneric() {
        JavaFileObject api = controller("    @Get(\"/x\") public <T> String x() { return \"\"; }");
        reported(compile(APP, api), Problem.HANDLER_GENERIC, "Handler Api#x() declares type parameters")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.UNSUPPORTED_RETURN_TYPE)
    void unsupportedReturnTypeIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public java.util.List<?> x() { return null; }");
        reported(compile(APP, api), Problem.UNSUPPORTED_RETURN_TYPE, "Handler Api#x() returns java.util.List<?>")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.INNER_CONTROLLER)
    void innerControllerIsAnError() {
        JavaFileObject outer = JavaFileObjects.forSourceLines("app.Outer",
                "package app;",
                "import dev.kiln.annotation.*;",
                "public final class Outer {",
                "    @Controller",
                "    public final class Inner {",
                "        @Get(\"/x\") public String x() { return \"\"; }",
                "    }",
                "}");
        reported(compile(APP, outer), Problem.INNER_CONTROLLER, "Controller Inner is an inner class")
                .inFile(outer).onLineContaining("class Inner");
    }

    @Test
    void staticNestedControllerIsFine() {
        JavaFileObject outer = JavaFileObjects.forSourceLines("app.Outer",
                "package app;",
                "import dev.kiln.annotation.*;",
                "public final class Outer {",
                "    @Controller",
                "    public static final class Inner {",
                "        @Get(\"/x\") public String x() { return \"\"; }",
                "    }",
                "}");
        assertThat(compile(APP, outer)).succeededWithoutWarnings();
    }

    @Test
    @Diagnoses(Problem.CONTROLLER_KIND)
    void controllerOnAnInterfaceIsAnError() {
        JavaFileObject api = type("Api", "@Controller\npublic interface Api", "    @Get(\"/x\") String x();");
        reported(compile(APP, api), Problem.CONTROLLER_KIND, "@Controller is on the interface Api. Put it on a class.")
                .inFile(api).onLineContaining("interface Api");
    }

    @Test
    @Diagnoses(Problem.ABSTRACT_CONTROLLER)
    void abstractControllerIsAnError() {
        JavaFileObject api = type("Api", "@Controller\npublic abstract class Api", "    @Get(\"/x\") public String x() { return \"\"; }");
        reported(compile(APP, api), Problem.ABSTRACT_CONTROLLER, "Controller Api is abstract. Put @Controller on a concrete class.")
                .inFile(api).onLineContaining("abstract class Api");
    }

    @Test
    @Diagnoses(Problem.CONTROLLER_NOT_PUBLIC)
    void controllerInAnotherPackageMustBePublic() {
        JavaFileObject api = JavaFileObjects.forSourceLines("other.Api",
                "package other;",
                "import dev.kiln.annotation.*;",
                "@Controller",
                "final class Api {",
                "    @Get(\"/x\") public String x() { return \"\"; }",
                "}");
        reported(compile(APP, api), Problem.CONTROLLER_NOT_PUBLIC, "Controller Api is not public")
                .inFile(api).onLineContaining("class Api");
    }

    // ---- binding ---------------------------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.BODY_ON_GET)
    void bodyOnGetIsAWarning() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(@Body String body) { return body; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        reported(c, Problem.BODY_ON_GET, "Parameter 'body' of Api#x(String) reads the body of a GET request")
                .inFile(api).onLineContaining("x(");
        assertThat(c).hadWarningCount(1);
    }

    @Test
    @Diagnoses(Problem.BODY_ON_GET)
    void bodyOnHeadIsAWarning() {
        JavaFileObject api = controller("    @Head(\"/x\") public void x(@Body byte[] data) {}");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        reported(c, Problem.BODY_ON_GET, "Parameter 'data' of Api#x(byte[]) reads the body of a HEAD request")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    @Diagnoses(Problem.DEFAULT_NOT_APPLICABLE)
    void defaultOnAPathParameterCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Get(\"/x/:id\")",
                "    public String x(@PathParam @Default(\"1\") long id) { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.DEFAULT_NOT_APPLICABLE, "@Default on parameter 'id' of Api#x(long) can never apply:"
                + " a path parameter is always present. Remove @Default.").inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.DEFAULT_NOT_APPLICABLE)
    void defaultOnABodyCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Body @Default(\"{}\") String body) { return body; }");
        reported(compile(APP, api), Problem.DEFAULT_NOT_APPLICABLE, "@Default on parameter 'body' of"
                + " Api#x(String) can never apply: a body has no default.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.DEFAULT_NOT_APPLICABLE)
    void defaultOnAListCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"1\") java.util.List<Integer> n) { return \"\"; }");
        reported(compile(APP, api), Problem.DEFAULT_NOT_APPLICABLE, "@Default on parameter 'n' of"
                + " Api#x(List) can never apply: a missing list is empty.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.BAD_DEFAULT)
    void defaultThatIsNotAnIntIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"abc\") int limit) { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.BAD_DEFAULT, "@Default(\"abc\") on parameter 'limit' of Api#x(int) is not a"
                + " valid int. Write a value a request could send.").inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.BAD_DEFAULT)
    void defaultThatIsNotAnEnumConstantIsAnError() {
        JavaFileObject color = JavaFileObjects.forSourceLines("app.Color", "package app;", "public enum Color { RED, GREEN }");
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"PURPLE\") Color color) { return \"\"; }");
        reported(compile(APP, color, api), Problem.BAD_DEFAULT, "@Default(\"PURPLE\") on parameter 'color'"
                + " of Api#x(Color) is not a valid one of RED, GREEN.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.BAD_DEFAULT)
    void defaultNamingTwoEnumConstantsIsAnError() {
        JavaFileObject color = JavaFileObjects.forSourceLines("app.Color", "package app;", "public enum Color { RED, GREEN }");
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"RED, GREEN\") Color color) { return \"\"; }");
        reported(compile(APP, color, api), Problem.BAD_DEFAULT, "@Default(\"RED, GREEN\")")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.BAD_DEFAULT)
    void defaultThatEveryRequestWouldRejectIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"NaN\") double ratio) { return \"\"; }");
        reported(compile(APP, api), Problem.BAD_DEFAULT, "@Default(\"NaN\") on parameter 'ratio' of"
                + " Api#x(double) is not a valid double.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.BAD_STATUS)
    void statusOutsideTheHttpRangeIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\") @Status(42)",
                "    public String x() { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.BAD_STATUS, "@Status(42) on Api#x() is not an HTTP status. Use a code from 200 to 599.")
                .inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.UNSUPPORTED_PARAMETER_TYPE)
    void unsupportedBodyTypeListsWhatIsSupported() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Body java.util.List<?> items) { return \"\"; }");
        reported(compile(APP, api), Problem.UNSUPPORTED_PARAMETER_TYPE, "Parameter 'items' of Api#x(List) has"
                + " type java.util.List<?>, which Kiln cannot bind from the body. Supported: byte[], String, or a type read as JSON")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.UNSUPPORTED_PARAMETER_TYPE)
    void aListCannotBindFromThePath() {
        JavaFileObject api = controller("",
                "    @Get(\"/x/:ids\")",
                "    public String x(@PathParam java.util.List<Long> ids) { return \"\"; }");
        reported(compile(APP, api), Problem.UNSUPPORTED_PARAMETER_TYPE, "Parameter 'ids' of Api#x(List) has"
                + " type java.util.List<java.lang.Long>, which Kiln cannot bind from the path. Supported: String,")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    @Diagnoses(Problem.UNSUPPORTED_PARAMETER_TYPE)
    void aListCannotBindFromACookie() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Cookie java.util.List<String> session) { return \"\"; }");
        reported(compile(APP, api), Problem.UNSUPPORTED_PARAMETER_TYPE, "Parameter 'session' of Api#x(List)"
                + " has type java.util.List<java.lang.String>, which Kiln cannot bind from the cookie. Supported: String,")
                .inFile(api).onLineContaining("public String x(");
    }

    // ---- JSON ----------------------------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.NO_JSON_ADAPTER)
    void aTypeOfThisCompilationWithoutAJsonAdapterIsAnError() {
        JavaFileObject note = type("Note", "public record Note(String text)");
        JavaFileObject api = controller("",
                "    @Post(\"/notes\")",
                "    public String create(@Body Note note) { return \"\"; }",
                "    @Get(\"/notes\")",
                "    public java.util.concurrent.CompletionStage<java.util.List<Note>> all() { return null; }");
        Compilation c = compile(APP, note, api);
        reported(c, Problem.NO_JSON_ADAPTER, "Parameter 'note' of Api#create(Note) reads Note from JSON, but avaje-jsonb"
                + " will have no adapter for app.Note: it has no @Json, and no @Json.Import, @Json.MixIn or JsonAdapter in"
                + " this compilation covers it. Annotate Note with @io.avaje.jsonb.Json, or add @Json.Import(Note.class),"
                + " and put avaje-jsonb-generator on the annotation-processor path; with a JsonCodec of another library,"
                + " compile with -Akiln.json=none.").inFile(api).onLineContaining("@Body Note note");
        reported(c, Problem.NO_JSON_ADAPTER, "Handler Api#all() writes List<Note> as JSON, but avaje-jsonb will have no"
                + " adapter for app.Note: it has no @Json").inFile(api).onLineContaining("all()");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    @Diagnoses(Problem.JSON_ADAPTER_UNSEEN)
    void aJdkTypeAvajeHasNoAdapterForIsAWarning() {
        JavaFileObject api = controller("",
                "    @Get(\"/names\")",
                "    public java.util.ArrayList<String> names() { return null; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        reported(c, Problem.JSON_ADAPTER_UNSEEN, "Handler Api#names() writes ArrayList<String> as JSON, and Kiln sees no"
                + " avaje-jsonb adapter for java.util.ArrayList: avaje-jsonb reads and writes List, Set, Collection and Map,"
                + " not their implementations. Declare it as one of those interfaces; if you register an adapter for"
                + " ArrayList yourself, compile with -Akiln.json=none.").inFile(api).onLineContaining("names()");
    }

    @Test
    @Diagnoses(Problem.JSON_ADAPTER_UNSEEN)
    void aClassPathTypeWithoutASeenAdapterIsAWarning() {
        JavaFileObject api = controller("",
                "    @Get(\"/info\")",
                "    public RouteInfo info() { return null; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        reported(c, Problem.JSON_ADAPTER_UNSEEN, "Handler Api#info() writes RouteInfo as JSON, and Kiln sees no avaje-jsonb"
                + " adapter for dev.kiln.RouteInfo: it comes from the class path without @Json or a generated"
                + " RouteInfoJsonAdapter, and no @Json.Import in this compilation names it. Add @Json.Import(RouteInfo.class)"
                + " to a class of this module, with avaje-jsonb-generator on the annotation-processor path; if its library"
                + " registers an adapter for it, compile with -Akiln.json=none.").inFile(api).onLineContaining("info()");
    }

    /** An adapter factory of the application's own might make any adapter at run time: Kiln cannot be sure. */
    @Test
    @Diagnoses(Problem.JSON_ADAPTER_UNSEEN)
    void withAnAdapterFactoryOfItsOwnAMissingAdapterIsAWarning() {
        JavaFileObject note = type("Note", "public record Note(String text)");
        JavaFileObject factory = type("Notes", "public final class Notes implements io.avaje.jsonb.AdapterFactory",
                "    public io.avaje.json.JsonAdapter<?> create(java.lang.reflect.Type type, io.avaje.jsonb.Jsonb jsonb) {",
                "        return null;",
                "    }");
        JavaFileObject api = controller("",
                "    @Get(\"/note\")",
                "    public Note note() { return null; }");
        Compilation c = compile(APP, note, factory, api);
        assertThat(c).succeeded();
        reported(c, Problem.JSON_ADAPTER_UNSEEN, "Handler Api#note() writes Note as JSON, and Kiln sees no avaje-jsonb"
                + " adapter for app.Note: it has no @Json, and no @Json.Import, @Json.MixIn or JsonAdapter in this"
                + " compilation covers it (unless app.Notes makes one at run time).").inFile(api).onLineContaining("note()");
    }

    /** {@code -Akiln.json=none}: the application plugs in another library, whose adapters Kiln does not know. */
    @Test
    void withAnotherJsonLibraryNothingIsChecked() {
        JavaFileObject note = type("Note", "public record Note(String text)");
        JavaFileObject api = controller("",
                "    @Post(\"/notes\")",
                "    public java.util.ArrayList<Note> create(@Body Note note) { return null; }");
        Compilation c = javac().withProcessors(new KilnProcessor()).withOptions("-Akiln.json=none").compile(APP, note, api);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    @Diagnoses(Problem.BAD_OPTION)
    void aJsonLibraryKilnDoesNotKnowIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x() { return \"\"; }");
        Compilation c = javac().withProcessors(new KilnProcessor()).withOptions("-Akiln.json=jackson").compile(APP, api);
        reported(c, Problem.BAD_OPTION, "-Akiln.json=jackson names no JSON library Kiln knows. Write -Akiln.json=avaje (the"
                + " default: the build checks that avaje-jsonb has an adapter for every JSON type) or -Akiln.json=none"
                + " (another library, unchecked).").inFile(APP).onLineContaining("class App");
        assertThat(c).hadErrorCount(1);
    }

    // ---- the build -------------------------------------------------------------------------------------------

    /** A failure while generating (here the file system refusing the source file) is an error, never a crash of javac. */
    @Test
    @Diagnoses(Problem.INTERNAL_ERROR)
    void aFailureWhileGeneratingIsAnErrorOnTheApplication() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x() { return \"\"; }");
        Compilation c = javac().withProcessors(FailingFiler.around(new KilnProcessor())).compile(APP, api);
        reported(c, Problem.INTERNAL_ERROR, "Kiln failed to generate the routes of App.")
                .inFile(APP).onLineContaining("class App");
        assertThat(c).hadErrorContaining("java.io.IOException: disk full");
        assertThat(c).hadErrorCount(1);
    }

    /**
     * A type that does not exist is waited for (another processor may generate it: {@code DeferredTypesTest}) and
     * reported once processing is over, as missing rather than as a type Kiln cannot bind or write.
     */
    @Test
    @Diagnoses(Problem.UNRESOLVED_TYPE)
    void aTypeNoSourceOrProcessorProvidesIsReportedWhenProcessingIsOver() {
        JavaFileObject app = type("App", "@KilnApplication @Use(Stamp.class)\npublic final class App");
        JavaFileObject api = controller("",
                "    @Post(\"/notes\")",
                "    public java.util.List<Note> create(",
                "            @Body Note note) { return null; }");
        Compilation c = compile(app, api);
        reported(c, Problem.UNRESOLVED_TYPE, "Parameter 'note' of Api#create(Note) uses the type Note, which no source"
                + " file or annotation processor provides. Check its name and import, or that the processor meant to"
                + " generate it runs.").inFile(api).onLineContaining("@Body Note note");
        reported(c, Problem.UNRESOLVED_TYPE, "The return type of Api#create(Note) uses the type Note, which no source file")
                .inFile(api).onLineContaining("public java.util.List<Note> create(");
        reported(c, Problem.UNRESOLVED_TYPE, "@Use on App names a class that (javac's error names it) no source file")
                .inFile(app).onLineContaining("public final class App");
        for (javax.tools.Diagnostic<?> d : c.errors()) {
            String message = d.getMessage(null);
            assertTrue(!message.startsWith("[Kiln/") || message.startsWith("[Kiln/UnresolvedType]"), message);
        }
    }

    // ---- templates -------------------------------------------------------------------------------------------

    /** A template model in package {@code app}: a record annotated with {@code @JStache} and these annotations. */
    private static JavaFileObject page(String name, String annotations) {
        return JavaFileObjects.forSourceLines("app." + name,
                "package app;",
                "import io.jstach.jstache.*;",
                "@JStache(template = \"<p>{{text}}</p>\")" + annotations,
                "public record " + name + "(String text) {}");
    }

    /** Without JStachio's processor the renderer never comes: reported when processing is over, on the handler. */
    @Test
    @Diagnoses(Problem.TEMPLATE_RENDERER_MISSING)
    void aTemplateModelWhoseRendererIsNeverGeneratedIsAnErrorOnTheHandler() {
        JavaFileObject api = controller("",
                "    @Get(\"/page\")",
                "    public Page page() { return new Page(\"x\"); }",
                "    @Get(\"/later\")",
                "    public java.util.concurrent.CompletionStage<Page> later() { return null; }");
        Compilation c = compile(APP, page("Page", ""), api);
        reported(c, Problem.TEMPLATE_RENDERER_MISSING, "Handler Api#page() returns Page, a template model (@JStache), but"
                + " its renderer app.PageRenderer was never generated. Put io.jstach:jstachio-apt on the annotation"
                + " processor path beside kiln-processor, or, if the renderer is named elsewhere, say its name with"
                + " @JStache(name).").inFile(api).onLineContaining("public Page page()");
        reported(c, Problem.TEMPLATE_RENDERER_MISSING, "Handler Api#later() returns Page, a template model (@JStache)")
                .inFile(api).onLineContaining("later()");
        assertThat(c).hadErrorCount(2);
    }

    /** A renderer that does not escape for HTML (JStachio's dependency-free kind, or a text template) is refused. */
    @Test
    @Diagnoses(Problem.TEMPLATE_NOT_HTML)
    void aTemplateModelWhoseRendererDoesNotEscapeHtmlIsAnErrorOnTheHandler() {
        JavaFileObject api = controller("",
                "    @Get(\"/bare\")",
                "    public Bare bare() { return new Bare(\"x\"); }",
                "    @Get(\"/plain\")",
                "    public Plain plain() { return new Plain(\"x\"); }");
        Compilation c = javac().withProcessors(new KilnProcessor(), CompiledApp.jstachio()).compile(APP, api,
                page("Bare", " @JStacheConfig(type = JStacheType.STACHE)"),
                page("Plain", " @JStacheConfig(contentType = io.jstach.jstachio.escapers.PlainText.class)"));
        reported(c, Problem.TEMPLATE_NOT_HTML, "Handler Api#bare() returns Bare, a template model, but its renderer"
                + " BareRenderer is not a JStachio Template: it was generated as JStacheType.STACHE, whose renderers do"
                + " not escape by themselves. Leave @JStacheConfig(type) at its default, JSTACHIO, and put"
                + " io.jstach:jstachio on the class path. Kiln sends a template model only as escaped HTML.")
                .inFile(api).onLineContaining("public Bare bare()");
        reported(c, Problem.TEMPLATE_NOT_HTML, "Handler Api#plain() returns Plain, a template model, but its renderer"
                + " PlainRenderer renders text/plain, not text/html, so JStachio does not escape it for HTML. Leave"
                + " @JStacheConfig(contentType) at its default, Html. Kiln sends a template model only as escaped HTML.")
                .inFile(api).onLineContaining("public Plain plain()");
        assertThat(c).hadErrorCount(2);
    }

    // ---- validation ------------------------------------------------------------------------------------------

    @Test
    @Diagnoses(Problem.CONSTRAINT_TYPE)
    void aConstraintOnATypeItCannotApplyToIsAnErrorOnThatParameter() {
        JavaFileObject api = controller("",
                "    @Get(\"/x/:id\")",
                "    public String x(@jakarta.validation.constraints.Size(max = 3) @Query int limit,",
                "                    @PathParam @jakarta.validation.constraints.Pattern(regexp = \"a+\") java.util.UUID id) {",
                "        return \"\";",
                "    }");
        Compilation c = compile(APP, api);
        reported(c, Problem.CONSTRAINT_TYPE, "@Size on parameter 'limit' of Api#x(int, UUID), of type int, cannot apply: it"
                + " takes a CharSequence, Collection, Map or array. Remove it, or change the type.")
                .inFile(api).onLineContaining("int limit");
        reported(c, Problem.CONSTRAINT_TYPE, "@Pattern on parameter 'id' of Api#x(int, UUID), of type UUID, cannot apply: it"
                + " takes a CharSequence.").inFile(api).onLineContaining("UUID id");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    @Diagnoses(Problem.CONSTRAINT_TYPE)
    void constraintsOfARecordComponentAndValidOnWhatHoldsNoRecordAreErrorsOnTheComponent() {
        JavaFileObject order = JavaFileObjects.forSourceLines("app.Order",
                "package app;",
                "import jakarta.validation.Valid;",
                "import jakarta.validation.constraints.*;",
                "@io.avaje.jsonb.Json",
                "public record Order(",
                "        @NotNull int quantity,",
                "        @Valid String note) {}");
        JavaFileObject api = controller("",
                "    @Post(\"/orders\") public String create(@Body Order order) { return \"\"; }");
        Compilation c = compile(APP, order, api);
        reported(c, Problem.CONSTRAINT_TYPE, "@NotNull on component 'quantity' of Order, of type int, cannot apply: it takes"
                + " a reference type (a primitive is never null).").inFile(order).onLineContaining("int quantity");
        reported(c, Problem.CONSTRAINT_TYPE, "@Valid on component 'note' of Order, of type String, has nothing to check: it"
                + " applies to a record, or a collection or array of records. Remove @Valid.")
                .inFile(order).onLineContaining("String note");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    @Diagnoses(Problem.BAD_CONSTRAINT)
    void anInvalidPatternOrImpossibleSizeIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @jakarta.validation.constraints.Pattern(regexp = \"[a-\") String q,",
                "                    @Query @jakarta.validation.constraints.Size(min = 5, max = 2) String name) {",
                "        return \"\";",
                "    }");
        Compilation c = compile(APP, api);
        reported(c, Problem.BAD_CONSTRAINT, "@Pattern(regexp = \"[a-\") on parameter 'q' of Api#x(String, String) is not a valid"
                + " regular expression: Illegal character range near index 3. Correct it.").inFile(api).onLineContaining("String q");
        reported(c, Problem.BAD_CONSTRAINT, "@Size(min = 5, max = 2) on parameter 'name' of Api#x(String, String) can never"
                + " hold: max is less than min. Make 0 <= min <= max.").inFile(api).onLineContaining("String name");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    @Diagnoses(Problem.UNSUPPORTED_CONSTRAINT)
    void aJakartaConstraintKilnDoesNotCheckIsAnErrorNotIgnored() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @jakarta.validation.constraints.Future java.time.Instant after) { return \"\"; }");
        Compilation c = compile(APP, api);
        reported(c, Problem.UNSUPPORTED_CONSTRAINT, "@Future on parameter 'after' of Api#x(Instant) is a Jakarta constraint"
                + " that Kiln does not check. Use @NotNull, @NotEmpty, @NotBlank, @Size, @Min, @Max, @Positive,"
                + " @PositiveOrZero, @Pattern, @Email or @Valid, or check the value in the handler.")
                .inFile(api).onLineContaining("Instant after");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    @Diagnoses(Problem.VALID_MISSING)
    void aComponentHoldingConstrainedRecordsWithoutValidIsAWarning() {
        JavaFileObject order = JavaFileObjects.forSourceLines("app.Order",
                "package app;",
                "import jakarta.validation.Valid;",
                "import jakarta.validation.constraints.*;",
                "import java.util.List;",
                "@io.avaje.jsonb.Json",
                "public record Order(",
                "        List<Line> lines,",
                "        @Valid Line first) {",
                "    @io.avaje.jsonb.Json",
                "    public record Line(@NotBlank String sku) {}",
                "}");
        JavaFileObject api = controller("",
                "    @Post(\"/orders\") public String create(@Body Order order) { return \"\"; }");
        Compilation c = compile(APP, order, api);
        assertThat(c).succeeded();
        reported(c, Problem.VALID_MISSING, "Component 'lines' of Order holds List<Line>, whose record Line has constraints,"
                + " but it has no @Valid, so they are not checked. Add @Valid to it.").inFile(order).onLineContaining("List<Line> lines");
        assertThat(c).hadWarningCount(1);
    }
}
