package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.Problem;
import dev.kiln.routing.Routes;
import dev.kiln.server.Kiln;
import dev.kiln.test.KilnTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Constraint validation through the whole pipeline: an app whose parameters and body records carry Jakarta
 * constraints, compiled with the Kiln processor and avaje-jsonb's generator, driven with {@link KilnTest}. A
 * request that breaks constraints is answered with every violation and never reaches its handler
 * ({@code Api.CALLS} stays as it was); a valid one is served.
 */
class ValidationTest {
    private static final JavaFileObject APP = CompiledApp.source("app.App",
            "package app;",
            "import dev.kiln.annotation.KilnApplication;",
            "@KilnApplication",
            "public final class App {}");

    private static final JavaFileObject NEW_ORDER = CompiledApp.source("app.NewOrder",
            "package app;",
            "import jakarta.validation.Valid;",
            "import jakarta.validation.constraints.*;",
            "import java.math.BigInteger;",
            "import java.util.List;",
            "@io.avaje.jsonb.Json",
            "public record NewOrder(",
            "        @NotBlank @Size(max = 10) String title,",
            "        @Email String email,",
            "        @Pattern(regexp = \"[A-Z]{3}\") String currency,",
            "        @NotEmpty @Valid List<Line> lines,",
            "        @NotNull @Valid Address address,",
            "        @Min(1) @Max(5) Integer priority,",
            "        @PositiveOrZero BigInteger budget) {",
            "    @io.avaje.jsonb.Json",
            "    public record Line(@NotBlank String sku, @Positive int quantity) {}",
            "    @io.avaje.jsonb.Json",
            "    public record Address(@NotBlank String city, @Size(min = 2, max = 2) String country) {}",
            "}");

    /** Records in an array and in a Set: checked one by one, as a list's are. */
    private static final JavaFileObject BUNDLE = CompiledApp.source("app.Bundle",
            "package app;",
            "import jakarta.validation.Valid;",
            "import java.util.Set;",
            "@io.avaje.jsonb.Json",
            "public record Bundle(@Valid NewOrder.Line[] parts, @Valid Set<NewOrder.Line> extras) {}");

    private static final JavaFileObject PLAIN = CompiledApp.source("app.Plain",
            "package app;",
            "@io.avaje.jsonb.Json",
            "public record Plain(String title, int quantity) {}");

    private static final JavaFileObject API = CompiledApp.source("app.Api",
            "package app;",
            "import dev.kiln.annotation.*;",
            "import jakarta.validation.constraints.*;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "@Controller",
            "public final class Api {",
            "    public static final AtomicInteger CALLS = new AtomicInteger();",
            "    @Post(\"/orders\") public String create(@Body NewOrder order) {",
            "        CALLS.incrementAndGet();",
            "        return order.title() + \" \" + order.lines().size();",
            "    }",
            "    @Post(\"/lines\") public String lines(@Body List<NewOrder.Line> lines) {",
            "        CALLS.incrementAndGet();",
            "        return String.valueOf(lines.size());",
            "    }",
            "    @Post(\"/bundles\") public String bundle(@Body Bundle bundle) {",
            "        CALLS.incrementAndGet();",
            "        return bundle.parts().length + \" \" + bundle.extras().size();",
            "    }",
            "    @Post(\"/notes\") public String note(@Body @Size(max = 5) String text) {",
            "        CALLS.incrementAndGet();",
            "        return text;",
            "    }",
            "    @Post(\"/plain\") public String plain(@Body Plain plain) {",
            "        CALLS.incrementAndGet();",
            "        return plain.title();",
            "    }",
            "    @Get(\"/search\") public String search(@Query @Default(\"10\") @Min(1) @Max(100) int limit,",
            "            @Query @Size(min = 2, max = 20) Optional<String> q, @Header(\"X-Tenant\") @NotBlank String tenant) {",
            "        CALLS.incrementAndGet();",
            "        return limit + \" \" + q.orElse(\"-\") + \" \" + tenant;",
            "    }",
            "    @Get(\"/items/:code\") public String item(@PathParam @Pattern(regexp = \"[A-Z]{3}-[0-9]+\") String code) {",
            "        CALLS.incrementAndGet();",
            "        return code;",
            "    }",
            "}");

    private static final String VALID_ORDER = "{\"title\":\"Socks\",\"email\":\"ann@example.com\",\"currency\":\"EUR\","
            + "\"lines\":[{\"sku\":\"S-1\",\"quantity\":2}],\"address\":{\"city\":\"Lyon\",\"country\":\"FR\"},"
            + "\"priority\":3,\"budget\":0}";

    private static Routes routes;
    private static AtomicInteger calls;
    private KilnTest client;

    @BeforeAll
    static void compile() throws Exception {
        CompiledApp app = CompiledApp.compile(List.of(APP, NEW_ORDER, BUNDLE, PLAIN, API), List.of(CompiledApp.jsonbGenerator()));
        routes = app.routes("app.AppRoutes", app.avajeCodec());
        calls = (AtomicInteger) app.load("app.Api").getField("CALLS").get(null);
    }

    @BeforeEach
    void connect() {
        client = KilnTest.of(routes);
    }

    private static Problem.Error body(String name, String detail) {
        return new Problem.Error(name, "body", null, detail);
    }

    /** Asserts that {@code r} was refused with {@code status}, naming exactly {@code errors}, and its handler never ran. */
    private static void refused(KilnTest.Response r, int before, int status, Problem.Error... errors) {
        assertEquals(status, r.status(), r.text());
        assertEquals("application/problem+json", r.header("Content-Type"));
        Problem problem = r.problem();
        assertEquals(List.of(errors), problem.errors());
        assertEquals(errors.length == 1 ? "1 value is invalid" : errors.length + " values are invalid", problem.detail());
        assertEquals(0, calls.get() - before, "the handler must not run");
    }

    @Test
    void aValidRequestIsServed() {
        int before = calls.get();
        assertEquals("Socks 1", client.post("/orders", VALID_ORDER).text());
        assertEquals("2", client.post("/lines", "[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":9}]").text());
        assertEquals("10 - acme", client.call("GET", "/search").header("X-Tenant", "acme").send().text());
        assertEquals("100 ab acme", client.call("GET", "/search?limit=100&q=ab").header("X-Tenant", "acme").send().text());
        assertEquals("ABC-12", client.get("/items/ABC-12").text());
        assertEquals(5, calls.get() - before);
    }

    @Test
    void nullsPassEveryConstraintButTheOnesThatRefuseThem() {
        int before = calls.get();
        KilnTest.Response r = client.post("/orders", "{\"title\":\"T\",\"lines\":[{\"sku\":\"s\",\"quantity\":1}],"
                + "\"address\":{\"city\":\"c\"}}");
        assertEquals(200, r.status(), r.text());
        assertEquals(1, calls.get() - before);
    }

    @Test
    void everyViolationOfABodyIsReportedInOrder() {
        int before = calls.get();
        KilnTest.Response r = client.post("/orders", "{\"title\":\"  \",\"email\":\"ann@\",\"currency\":\"eur\",\"lines\":[],"
                + "\"priority\":9,\"budget\":-1}");
        refused(r, before, 400,
                body("title", "must not be blank"),
                body("email", "must be a well-formed email address"),
                body("currency", "must match \"[A-Z]{3}\""),
                body("lines", "must not be empty"),
                body("address", "must not be null"),
                body("priority", "must be less than or equal to 5"),
                body("budget", "must be greater than or equal to 0"));
    }

    @Test
    void nestedRecordsAndListElementsAreNamedByTheirPath() {
        int before = calls.get();
        KilnTest.Response r = client.post("/orders", "{\"title\":\"a title too long\",\"lines\":[{\"sku\":\"ok\",\"quantity\":1},"
                + "{\"sku\":\"\",\"quantity\":0}],\"address\":{\"city\":\"\",\"country\":\"FRA\"}}");
        refused(r, before, 400,
                body("title", "size must be between 0 and 10"),
                body("lines[1].sku", "must not be blank"),
                body("lines[1].quantity", "must be greater than 0"),
                body("address.city", "must not be blank"),
                body("address.country", "size must be between 2 and 2"));
    }

    @Test
    void theRecordsOfAListBodyAreCheckedWithoutValid() {
        int before = calls.get();
        KilnTest.Response r = client.post("/lines", "[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\" \",\"quantity\":-3}]");
        refused(r, before, 400, body("[1].sku", "must not be blank"), body("[1].quantity", "must be greater than 0"));
    }

    @Test
    void theRecordsOfAnArrayAndOfASetAreNamedByTheirIndex() {
        int before = calls.get();
        assertEquals("2 1", client.post("/bundles", "{\"parts\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":1}],"
                + "\"extras\":[{\"sku\":\"c\",\"quantity\":1}]}").text());
        KilnTest.Response r = client.post("/bundles", "{\"parts\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"\",\"quantity\":1}],"
                + "\"extras\":[{\"sku\":\"c\",\"quantity\":0}]}");
        refused(r, before + 1, 400, body("parts[1].sku", "must not be blank"), body("extras[0].quantity", "must be greater than 0"));
    }

    @Test
    void aTextBodyTakesItsConstraintsUnderTheParametersName() {
        int before = calls.get();
        assertEquals("short", client.call("POST", "/notes").text("short").send().text());
        refused(client.call("POST", "/notes").text("too long").send(), before + 1, 400,
                body("text", "size must be between 0 and 5"));
    }

    @Test
    void queryHeaderAndPathParametersAreCheckedWhereTheyCameFrom() {
        int before = calls.get();
        refused(client.call("GET", "/search?limit=0&q=a").header("X-Tenant", " ").send(), before, 400,
                new Problem.Error("limit", "query", null, "must be greater than or equal to 1"),
                new Problem.Error("q", "query", null, "size must be between 2 and 20"),
                new Problem.Error("X-Tenant", "header", null, "must not be blank"));
        refused(client.get("/items/abc-12"), before, 400,
                new Problem.Error("code", "path", null, "must match \"[A-Z]{3}-[0-9]+\""));
    }

    @Test
    void aValueThatCannotBeReadIsABindingErrorBeforeAnyConstraint() {
        int before = calls.get();
        KilnTest.Response r = client.call("GET", "/search?limit=x&q=a").header("X-Tenant", " ").send();
        assertEquals(400, r.status());
        assertEquals(List.of(new Problem.Error("limit", "query", "int", null)), r.problem().errors());
        assertEquals(0, calls.get() - before);
    }

    @Test
    void aBodyWithoutConstraintsIsNotChecked() {
        int before = calls.get();
        assertEquals("", client.post("/plain", "{\"title\":\"\",\"quantity\":-1}").text());
        assertEquals(1, calls.get() - before);
    }

    @Test
    void theServerCanAnswerValidationFailuresWith422() {
        KilnTest strict = KilnTest.of(Kiln.server(routes).validationStatus(422));
        int before = calls.get();
        KilnTest.Response r = strict.post("/lines", "[{\"sku\":\"\",\"quantity\":1}]");
        refused(r, before, 422, body("[0].sku", "must not be blank"));
        assertEquals("Unprocessable Content", r.problem().title());
        // A value that cannot be read is still a 400: only a failed validation takes the setting.
        assertEquals(400, strict.call("GET", "/search?limit=x").header("X-Tenant", "a").send().status());
    }
}
