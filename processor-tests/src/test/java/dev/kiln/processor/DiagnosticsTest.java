package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: its tag and message, and the file and line it points at.
 */
class DiagnosticsTest {
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
        String header = String.join("\n",
                "package app;",
                "import dev.kiln.*;",
                "import dev.kiln.annotation.*;",
                annotations,
                "public final class " + name + " {");
        return JavaFileObjects.forSourceString("app." + name, header + "\n" + String.join("\n", body) + "\n}\n");
    }

    private static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new KilnProcessor()).compile(sources);
    }

    // ---- routes and paths --------------------------------------------------------------------------------

    @Test
    void duplicateRouteIsAnErrorOnTheSecondMethodNamingTheFirst() {
        JavaFileObject api = controller(
                "    @Get(\"/orders/:id\") public String first(@PathParam String id) { return id; }",
                "    @Get(\"/orders/:id\") public String second(@PathParam String id) { return id; }");
        Compilation c = compile(APP, api);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[Kiln/DuplicateRoute] GET /orders/:id is routed twice")
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
    void differentParameterNamesAtOnePositionConflict() {
        JavaFileObject api = controller(
                "    @Get(\"/a/:id\") public String a(@PathParam String id) { return id; }",
                "    @Get(\"/a/:name/b\") public String b(@PathParam String name) { return name; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/ParamNameConflict] Path '/a/:name/b' names a parameter 'name' where '/a/:id' names it 'id'")
                .inFile(api).onLineContaining("public String b(");
        assertThat(c).hadErrorContaining("Api#a(String)").inFile(api).onLineContaining("public String b(");
    }

    @Test
    void catchAllBesideParameterIsAmbiguous() {
        JavaFileObject api = controller(
                "    @Get(\"/files/:name\") public String one(@PathParam String name) { return name; }",
                "    @Get(\"/files/*path\") public String all(@PathParam String path) { return path; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/CatchAllConflict] Path '/files/*path' has '*path' where '/files/:name' has ':name'")
                .inFile(api).onLineContaining("public String all(");
        assertThat(c).hadErrorContaining("Api#one(String)").inFile(api).onLineContaining("public String all(");
    }

    @Test
    void catchAllBesideStaticIsFine() {
        JavaFileObject api = controller(
                "    @Get(\"/files/*path\") public String all(@PathParam String path) { return path; }",
                "    @Get(\"/files/index\") public String index() { return \"i\"; }");
        assertThat(compile(APP, api)).succeededWithoutWarnings();
    }

    @Test
    void catchAllMustBeLast() {
        JavaFileObject api = controller("    @Get(\"/files/*path/raw\") public String raw(@PathParam String path) { return path; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/CatchAllNotLast] Path '/files/*path/raw' has the catch-all '*path' before its end")
                .inFile(api).onLineContaining("raw(");
    }

    @Test
    void pathMustStartWithSlash() {
        JavaFileObject api = controller("    @Get(\"orders\") public String list() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/PathStart] Path 'orders' does not start with '/'. Write it as '/orders'.")
                .inFile(api).onLineContaining("list(");
    }

    @Test
    void controllerPrefixMustStartWithSlash() {
        JavaFileObject api = controllerNamed("Api", "@Controller(\"api\")", "    @Get(\"/x\") public String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/PathStart] @Controller(\"api\") does not start with '/'")
                .inFile(api).onLineContaining("class Api");
    }

    @Test
    void parameterNeedsAName() {
        JavaFileObject api = controller("    @Get(\"/users/:\") public String user(Context ctx) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/EmptyParamName] Path '/users/:' has a parameter without a name")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    void charactersOutsideThePathGrammarAreRejected() {
        JavaFileObject api = controller("    @Get(\"/search?q\") public String search() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/PathCharacter] Path '/search?q' has the character '?'")
                .inFile(api).onLineContaining("search(");
    }

    @Test
    void parameterInsideASegmentIsRejected() {
        JavaFileObject api = controller("    @Get(\"/user_:name\") public String user(Context ctx) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("':' and '*' start a parameter only at the start of a segment")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    void dotSegmentsNeverMatchAndAreRejected() {
        JavaFileObject api = controller("    @Get(\"/a/../b\") public String up() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/DotSegment] Path '/a/../b' has a '..' segment")
                .inFile(api).onLineContaining("up(");
    }

    @Test
    void emptySegmentsAreRejected() {
        JavaFileObject api = controller("    @Get(\"/a//b\") public String ab() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/EmptySegment] Path '/a//b' has an empty segment")
                .inFile(api).onLineContaining("ab(");
    }

    @Test
    void theSameParameterNameTwiceInOnePathIsRejected() {
        JavaFileObject api = controller("    @Get(\"/a/:id/b/:id\") public String ab(Context ctx) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/DuplicateParamName] Path '/a/:id/b/:id' declares 'id' twice")
                .inFile(api).onLineContaining("ab(");
    }

    @Test
    void pathParamMustBeDeclaredByThePath() {
        JavaFileObject api = controller("    @Get(\"/users/:id\") public String user(@PathParam String userId) { return userId; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnknownPathParam] @PathParam 'userId' of Api#user(String) is not declared by its path '/users/:id', which declares id")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    void declaredPathParamThatIsNeverBoundIsAWarning() {
        JavaFileObject api = controller("    @Get(\"/users/:id\") public String user() { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[Kiln/UnboundPathParam] Path '/users/:id' declares 'id', but Api#user() never binds it")
                .inFile(api).onLineContaining("user(");
    }

    @Test
    void everyErrorIsReportedInOneRun() {
        JavaFileObject api = controller(
                "    @Get(\"no-slash\") public String a() { return \"\"; }",
                "    @Get(\"/b/*rest/c\") public String b(Context ctx) { return \"\"; }",
                "    @Get(\"/c\") public String c() { return \"\"; }",
                "    @Get(\"/c\") public String d() { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/PathStart]").inFile(api).onLineContaining("public String a(");
        assertThat(c).hadErrorContaining("[Kiln/CatchAllNotLast]").inFile(api).onLineContaining("public String b(");
        assertThat(c).hadErrorContaining("[Kiln/DuplicateRoute]").inFile(api).onLineContaining("public String d(");
        assertThat(c).hadErrorCount(3);
    }

    @Test
    void routeMethodOutsideAControllerIsAnError() {
        JavaFileObject stray = controllerNamed("Stray", "", "    @Get(\"/x\") public String x() { return \"\"; }");
        assertThat(compile(APP, stray)).hadErrorContaining("[Kiln/MissingController] Route method Stray#x is in a class without @Controller")
                .inFile(stray).onLineContaining("x(");
    }

    @Test
    void twoApplicationsAreAnError() {
        JavaFileObject second = JavaFileObjects.forSourceLines("app.Second",
                "package app;",
                "import dev.kiln.annotation.KilnApplication;",
                "@KilnApplication",
                "public final class Second {}");
        assertThat(compile(APP, second)).hadErrorContaining("[Kiln/TwoApplications]")
                .inFile(second).onLineContaining("class Second");
    }

    @Test
    void controllersWithoutAnApplicationAreAWarning() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x() { return \"\"; }");
        assertThat(compile(api)).hadWarningContaining("[Kiln/NoApplication]").inFile(api).onLineContaining("class Api");
    }

    // ---- middleware ----------------------------------------------------------------------------------------

    @Test
    void useOfAClassThatIsNotMiddlewareIsAnError() {
        JavaFileObject api = controllerNamed("Api", "@Controller @Use(String.class)", "    @Get(\"/x\") public String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/NotMiddleware] @Use(String.class) names a type that does not implement Middleware")
                .inFile(api).onLineContaining("class Api");
    }

    @Test
    void abstractMiddlewareIsAnError() {
        JavaFileObject base = JavaFileObjects.forSourceLines("app.Base",
                "package app;",
                "public abstract class Base implements dev.kiln.Middleware {}");
        JavaFileObject api = controller("    @Get(\"/x\") @Use(Base.class) public String x() { return \"\"; }");
        assertThat(compile(APP, base, api)).hadErrorContaining("[Kiln/AbstractMiddleware] @Use(Base.class) names an abstract class")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void interfaceAsMiddlewareIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") @Use(Middleware.class) public String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/AbstractMiddleware] @Use(Middleware.class) names an interface")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void theSameMiddlewareTwiceInOneChainIsAnError() {
        JavaFileObject api = controllerNamed("Api", "@Controller @Use(Noop.class)",
                "    @Get(\"/x\") @Use(Noop.class) public String x() { return \"\"; }");
        assertThat(compile(APP, NOOP, api)).hadErrorContaining("[Kiln/DuplicateMiddleware] @Use(Noop.class) adds Noop to a chain that already runs it (Noop)")
                .inFile(api).onLineContaining("x(");
    }

    // ---- handlers and controllers --------------------------------------------------------------------------

    @Test
    void unsupportedParameterTypeListsWhatIsSupported() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(@Query Object t) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnsupportedParameterType] Parameter 't' of Api#x(Object) has type java.lang.Object, which Kiln cannot bind from the query. Supported: String, CharSequence, a primitive or its box, UUID, an enum")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void twoBodiesAreAnError() {
        JavaFileObject api = controller("    @Post(\"/x\") public String x(@Body String a, @Body byte[] b) { return a; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/TwoBodies] Api#x(String, byte[]) has two @Body parameters")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void parameterWithoutAnnotationIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(String who) { return who; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnannotatedParameter] Parameter 'who' of Api#x(String) says nowhere where its value comes from")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void handlerMustBePublic() {
        JavaFileObject api = controller("    @Get(\"/x\") String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/HandlerNotPublic] Handler Api#x() is not public")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void handlerMustNotBeStatic() {
        JavaFileObject api = controller("    @Get(\"/x\") public static String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/HandlerStatic] Handler Api#x() is static")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void handlerMustNotBeGeneric() {
        JavaFileObject api = controller("    @Get(\"/x\") public <T> String x() { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/HandlerGeneric] Handler Api#x() declares type parameters")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void unsupportedReturnTypeIsAnError() {
        JavaFileObject api = controller("    @Get(\"/x\") public java.util.List<?> x() { return null; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnsupportedReturnType] Handler Api#x() returns java.util.List<?>")
                .inFile(api).onLineContaining("x(");
    }

    @Test
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
        assertThat(compile(APP, outer)).hadErrorContaining("[Kiln/InnerController] Controller Inner is an inner class")
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
    void controllerInAnotherPackageMustBePublic() {
        JavaFileObject api = JavaFileObjects.forSourceLines("other.Api",
                "package other;",
                "import dev.kiln.annotation.*;",
                "@Controller",
                "final class Api {",
                "    @Get(\"/x\") public String x() { return \"\"; }",
                "}");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/ControllerNotPublic] Controller Api is not public")
                .inFile(api).onLineContaining("class Api");
    }

    // ---- binding ---------------------------------------------------------------------------------------------

    @Test
    void bodyOnGetIsAWarning() {
        JavaFileObject api = controller("    @Get(\"/x\") public String x(@Body String body) { return body; }");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[Kiln/BodyOnGet] Parameter 'body' of Api#x(String) reads the body of a GET request")
                .inFile(api).onLineContaining("x(");
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void bodyOnHeadIsAWarning() {
        JavaFileObject api = controller("    @Head(\"/x\") public void x(@Body byte[] data) {}");
        Compilation c = compile(APP, api);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[Kiln/BodyOnGet] Parameter 'data' of Api#x(byte[]) reads the body of a HEAD request")
                .inFile(api).onLineContaining("x(");
    }

    @Test
    void defaultOnAPathParameterCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Get(\"/x/:id\")",
                "    public String x(@PathParam @Default(\"1\") long id) { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/DefaultNotApplicable] @Default on parameter 'id' of Api#x(long) can never apply:"
                + " a path parameter is always present. Remove @Default.").inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void defaultOnABodyCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Body @Default(\"{}\") String body) { return body; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/DefaultNotApplicable] @Default on parameter 'body' of"
                + " Api#x(String) can never apply: a body has no default.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    void defaultOnAListCanNeverApply() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"1\") java.util.List<Integer> n) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/DefaultNotApplicable] @Default on parameter 'n' of"
                + " Api#x(List) can never apply: a missing list is empty.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    void defaultThatIsNotAnIntIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"abc\") int limit) { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/BadDefault] @Default(\"abc\") on parameter 'limit' of Api#x(int) is not a"
                + " valid int. Write a value a request could send.").inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void defaultThatIsNotAnEnumConstantIsAnError() {
        JavaFileObject color = JavaFileObjects.forSourceLines("app.Color", "package app;", "public enum Color { RED, GREEN }");
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"PURPLE\") Color color) { return \"\"; }");
        assertThat(compile(APP, color, api)).hadErrorContaining("[Kiln/BadDefault] @Default(\"PURPLE\") on parameter 'color'"
                + " of Api#x(Color) is not a valid one of RED, GREEN.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    void defaultNamingTwoEnumConstantsIsAnError() {
        JavaFileObject color = JavaFileObjects.forSourceLines("app.Color", "package app;", "public enum Color { RED, GREEN }");
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"RED, GREEN\") Color color) { return \"\"; }");
        assertThat(compile(APP, color, api)).hadErrorContaining("[Kiln/BadDefault] @Default(\"RED, GREEN\")")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    void defaultThatEveryRequestWouldRejectIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Query @Default(\"NaN\") double ratio) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/BadDefault] @Default(\"NaN\") on parameter 'ratio' of"
                + " Api#x(double) is not a valid double.").inFile(api).onLineContaining("public String x(");
    }

    @Test
    void statusOutsideTheHttpRangeIsAnError() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\") @Status(42)",
                "    public String x() { return \"\"; }");
        Compilation c = compile(APP, api);
        assertThat(c).hadErrorContaining("[Kiln/BadStatus] @Status(42) on Api#x() is not an HTTP status. Use a code from 100 to 599.")
                .inFile(api).onLineContaining("public String x(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void unsupportedBodyTypeListsWhatIsSupported() {
        JavaFileObject api = controller("",
                "    @Post(\"/x\")",
                "    public String x(@Body java.util.List<?> items) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnsupportedParameterType] Parameter 'items' of Api#x(List) has"
                + " type java.util.List<?>, which Kiln cannot bind from the body. Supported: byte[], String, or a type read as JSON")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    void aListCannotBindFromThePath() {
        JavaFileObject api = controller("",
                "    @Get(\"/x/:ids\")",
                "    public String x(@PathParam java.util.List<Long> ids) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnsupportedParameterType] Parameter 'ids' of Api#x(List) has"
                + " type java.util.List<java.lang.Long>, which Kiln cannot bind from the path. Supported: String,")
                .inFile(api).onLineContaining("public String x(");
    }

    @Test
    void aListCannotBindFromACookie() {
        JavaFileObject api = controller("",
                "    @Get(\"/x\")",
                "    public String x(@Cookie java.util.List<String> session) { return \"\"; }");
        assertThat(compile(APP, api)).hadErrorContaining("[Kiln/UnsupportedParameterType] Parameter 'session' of Api#x(List)"
                + " has type java.util.List<java.lang.String>, which Kiln cannot bind from the cookie. Supported: String,")
                .inFile(api).onLineContaining("public String x(");
    }
}
