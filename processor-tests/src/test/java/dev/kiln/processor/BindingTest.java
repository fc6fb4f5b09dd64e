package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.Problem;
import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Parameter binding and response writing through the whole pipeline: one app compiled with the Kiln processor
 * and avaje-jsonb's generator, whose handlers echo what they received, driven with {@link KilnTest}.
 *
 * <p>Every handler counts its calls in {@code Api.CALLS}: a request that binding turns away (400, 415) must
 * leave the count as it was, since the handler must never see a value it did not ask for.
 */
class BindingTest {
    private static final JavaFileObject APP = CompiledApp.source("app.App",
            "package app;",
            "import dev.kiln.annotation.KilnApplication;",
            "@KilnApplication",
            "public final class App {}");

    private static final JavaFileObject COLOR = CompiledApp.source("app.Color",
            "package app;",
            "public enum Color { RED, GREEN, BLUE }");

    /** Made by a static valueOf(String); null for "none", which binding must treat as malformed. */
    private static final JavaFileObject SKU = CompiledApp.source("app.Sku",
            "package app;",
            "public final class Sku {",
            "    private final String code;",
            "    private Sku(String code) { this.code = code; }",
            "    public static Sku valueOf(String s) {",
            "        if (s.equals(\"none\")) return null;",
            "        if (!s.startsWith(\"SKU-\")) throw new IllegalArgumentException(s);",
            "        return new Sku(s.substring(4));",
            "    }",
            "    @Override public String toString() { return \"Sku(\" + code + \")\"; }",
            "}");

    /** Made by a static of(String). */
    private static final JavaFileObject CODE = CompiledApp.source("app.Code",
            "package app;",
            "public final class Code {",
            "    private final String value;",
            "    private Code(String value) { this.value = value; }",
            "    public static Code of(String s) {",
            "        if (!s.matches(\"[A-Z]{3}\")) throw new IllegalArgumentException(s);",
            "        return new Code(s);",
            "    }",
            "    @Override public String toString() { return \"Code(\" + value + \")\"; }",
            "}");

    /** Made by a static parse(CharSequence). */
    private static final JavaFileObject VERSION = CompiledApp.source("app.Version",
            "package app;",
            "public final class Version {",
            "    private final int major;",
            "    private final int minor;",
            "    private Version(int major, int minor) { this.major = major; this.minor = minor; }",
            "    public static Version parse(CharSequence s) {",
            "        String[] parts = s.toString().split(\"\\\\.\", -1);",
            "        if (parts.length != 2) throw new IllegalArgumentException(s.toString());",
            "        return new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));",
            "    }",
            "    @Override public String toString() { return \"Version(\" + major + \".\" + minor + \")\"; }",
            "}");

    /** Made by a public String constructor. */
    private static final JavaFileObject SLUG = CompiledApp.source("app.Slug",
            "package app;",
            "public final class Slug {",
            "    private final String value;",
            "    public Slug(String value) {",
            "        if (value.isEmpty() || value.contains(\" \")) throw new IllegalArgumentException(value);",
            "        this.value = value;",
            "    }",
            "    @Override public String toString() { return \"Slug(\" + value + \")\"; }",
            "}");

    private static final JavaFileObject ITEM = CompiledApp.source("app.Item",
            "package app;",
            "import java.util.List;",
            "@io.avaje.jsonb.Json",
            "public record Item(String name, int qty, List<String> tags) {}");

    private static final JavaFileObject API = CompiledApp.source("app.Api",
            "package app;",
            "import dev.kiln.Context;",
            "import dev.kiln.Response;",
            "import dev.kiln.annotation.*;",
            "import java.math.BigDecimal;",
            "import java.nio.ByteBuffer;",
            "import java.time.Instant;",
            "import java.time.LocalDate;",
            "import java.util.ArrayList;",
            "import java.util.Collections;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.UUID;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "@Controller",
            "public final class Api {",
            "    public static final AtomicInteger CALLS = new AtomicInteger();",
            "",
            "    @Get(\"/primitives\")",
            "    public String primitives(@Query int i, @Query long l, @Query short s, @Query byte b, @Query double d,",
            "                             @Query float f, @Query boolean z, @Query char c) {",
            "        CALLS.incrementAndGet();",
            "        return \"i=\" + i + \" l=\" + l + \" s=\" + s + \" b=\" + b + \" d=\" + d + \" f=\" + f + \" z=\" + z + \" c=\" + c;",
            "    }",
            "",
            "    @Get(\"/boxes\")",
            "    public String boxes(@Query Integer i, @Query Long l, @Query Short s, @Query Byte b, @Query Double d,",
            "                        @Query Float f, @Query Boolean z, @Query Character c) {",
            "        CALLS.incrementAndGet();",
            "        return \"i=\" + i + \" l=\" + l + \" s=\" + s + \" b=\" + b + \" d=\" + d + \" f=\" + f + \" z=\" + z + \" c=\" + c;",
            "    }",
            "",
            "    @Get(\"/strings\")",
            "    public String strings(@Query String s, @Query CharSequence cs) {",
            "        CALLS.incrementAndGet();",
            "        return \"s=\" + s + \" cs=\" + cs;",
            "    }",
            "",
            "    @Get(\"/values\")",
            "    public String values(@Query UUID id, @Query Color color, @Query BigDecimal amount, @Query LocalDate day,",
            "                         @Query Instant at) {",
            "        CALLS.incrementAndGet();",
            "        return \"id=\" + id + \" color=\" + color + \" amount=\" + amount.toPlainString() + \" day=\" + day",
            "                + \" at=\" + at.toEpochMilli();",
            "    }",
            "",
            "    @Get(\"/factories\")",
            "    public String factories(@Query Sku sku, @Query Code code, @Query Version version, @Query Slug slug) {",
            "        CALLS.incrementAndGet();",
            "        return sku + \" \" + code + \" \" + version + \" \" + slug;",
            "    }",
            "",
            "    @Get(\"/optionals\")",
            "    public String optionals(@Query Optional<Integer> n, @Query Optional<Color> color, @Query Optional<UUID> id,",
            "                            @Query Optional<String> s, @Query Optional<Version> v) {",
            "        CALLS.incrementAndGet();",
            "        return \"n=\" + n + \" color=\" + color + \" id=\" + id + \" s=\" + s + \" v=\" + v;",
            "    }",
            "",
            "    @Get(\"/lists\")",
            "    public String lists(@Query List<Integer> n, @Query(\"tag\") List<String> tags, @Query List<Color> colors,",
            "                        @Query List<Sku> skus, @Header(\"X-Trace\") List<String> traces) {",
            "        CALLS.incrementAndGet();",
            "        return \"n=\" + n + \" tags=\" + tags + \" colors=\" + colors + \" skus=\" + skus + \" traces=\" + traces;",
            "    }",
            "",
            "    @Get(\"/defaults\")",
            "    public String defaults(@Query @Default(\"20\") int limit, @Query @Default(\"GREEN\") Color color,",
            "                           @Header(\"X-Mode\") @Default(\"fast\") String mode, @Cookie @Default(\"anon\") String user,",
            "                           @Query @Default(\"7\") Integer boxed, @Query @Default(\"1.0\") Optional<Version> v) {",
            "        CALLS.incrementAndGet();",
            "        return \"limit=\" + limit + \" color=\" + color + \" mode=\" + mode + \" user=\" + user + \" boxed=\" + boxed",
            "                + \" v=\" + v;",
            "    }",
            "",
            "    @Get(\"/cookies\")",
            "    public String cookies(@Cookie String session, @Cookie(\"pref\") Optional<String> preference, @Cookie int visits) {",
            "        CALLS.incrementAndGet();",
            "        return \"session=\" + session + \" pref=\" + preference + \" visits=\" + visits;",
            "    }",
            "",
            "    @Get(\"/names/:itemId\")",
            "    public String names(@PathParam long itemId, @Query String sortBy, @Query(\"q\") String query,",
            "                        @Header String token, @Header(\"X-Name\") String name) {",
            "        CALLS.incrementAndGet();",
            "        return \"itemId=\" + itemId + \" sortBy=\" + sortBy + \" q=\" + query + \" token=\" + token + \" name=\" + name;",
            "    }",
            "",
            "    @Get(\"/context/:e\")",
            "    public String clashes(@PathParam int e, @Query int index, Context ctx) {",
            "        CALLS.incrementAndGet();",
            "        return \"e=\" + e + \" index=\" + index + \" path=\" + ctx.path();",
            "    }",
            "",
            "    // ---- bodies",
            "",
            "    @Post(\"/json\")",
            "    public Item json(@Body Item item) {",
            "        CALLS.incrementAndGet();",
            "        return new Item(item.name() + \"!\", item.qty() + 1, item.tags());",
            "    }",
            "",
            "    @Post(\"/json-list\")",
            "    public List<Item> jsonList(@Body List<Item> items) {",
            "        CALLS.incrementAndGet();",
            "        List<Item> reversed = new ArrayList<>(items);",
            "        Collections.reverse(reversed);",
            "        return reversed;",
            "    }",
            "",
            "    @Post(\"/twice\")",
            "    public int twice(@Body int n) {",
            "        CALLS.incrementAndGet();",
            "        return 2 * n;",
            "    }",
            "",
            "    @Post(\"/text\")",
            "    public String text(@Body String body) {",
            "        CALLS.incrementAndGet();",
            "        return \"[\" + body + \"]\";",
            "    }",
            "",
            "    @Post(\"/chars\")",
            "    public CharSequence chars(@Body CharSequence body) {",
            "        CALLS.incrementAndGet();",
            "        return new StringBuilder(body).reverse();",
            "    }",
            "",
            "    @Post(\"/bytes\")",
            "    public byte[] bytes(@Body byte[] body) {",
            "        CALLS.incrementAndGet();",
            "        byte[] out = new byte[body.length];",
            "        for (int k = 0; k < body.length; k++) out[k] = (byte) (body[k] + 1);",
            "        return out;",
            "    }",
            "",
            "    // ---- returns",
            "",
            "    @Get(\"/r/text\")",
            "    public String rText() { return \"h\\u00e9llo\"; }",
            "",
            "    @Get(\"/r/buffer\")",
            "    public ByteBuffer rBuffer() { return ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2); }",
            "",
            "    @Get(\"/r/record\")",
            "    public Item rRecord() { return new Item(\"pen\", 3, List.of(\"a\", \"b\")); }",
            "",
            "    @Get(\"/r/list\")",
            "    public List<Item> rList() { return List.of(new Item(\"a\", 1, List.of()), new Item(\"b\", 2, List.of(\"x\"))); }",
            "",
            "    @Get(\"/r/response/:kind\")",
            "    public Response rResponse(@PathParam String kind) {",
            "        Response r = Response.status(202).header(\"X-Kind\", kind);",
            "        switch (kind) {",
            "            case \"text\": return r.body(\"plain\");",
            "            case \"bytes\": return r.body(new byte[] {1, 2, 3});",
            "            case \"object\": return r.body(new Item(\"o\", 1, List.of(\"t\")));",
            "            case \"list\": return r.body(List.of(new Item(\"l\", 2, List.of())));",
            "            case \"typed\": return r.header(\"Content-Type\", \"application/problem+json\").body(\"{\\\"title\\\":\\\"x\\\"}\");",
            "            default: return r;",
            "        }",
            "    }",
            "",
            "    @Post(\"/r/created\") @Status(201)",
            "    public Item created(@Body Item item) {",
            "        CALLS.incrementAndGet();",
            "        return item;",
            "    }",
            "",
            "    @Post(\"/r/accepted\") @Status(201)",
            "    public String accepted(Context ctx) {",
            "        ctx.status(202);",
            "        return \"queued\";",
            "    }",
            "",
            "    @Get(\"/r/status-response\") @Status(201)",
            "    public Response statusResponse() { return Response.ok(\"replaced\"); }",
            "",
            "    @Get(\"/r/status-rejected\") @Status(201)",
            "    public String statusRejected(@Query int n) { CALLS.incrementAndGet(); return \"n=\" + n; }",
            "}");

    private static Routes routes;
    private static AtomicInteger calls;
    private KilnTest client;

    @BeforeAll
    static void compile() throws Exception {
        CompiledApp app = CompiledApp.compile(List.of(APP, COLOR, SKU, CODE, VERSION, SLUG, ITEM, API),
                List.of(CompiledApp.jsonbGenerator()));
        routes = app.routes("app.AppRoutes", app.avajeCodec());
        calls = (AtomicInteger) app.load("app.Api").getField("CALLS").get(null);
    }

    @BeforeEach
    void connect() {
        client = KilnTest.of(routes);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private KilnTest.Response get(String uri) {
        return client.get(uri);
    }

    private KilnTest.Response get(String uri, String header, String value) {
        return client.request("GET", uri, Map.of(header, value), null);
    }

    private KilnTest.Response post(String uri, String contentType, String body) {
        return post(uri, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private KilnTest.Response post(String uri, String contentType, byte[] body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        return client.request("POST", uri, headers, body);
    }

    /** The handler ran once and answered 200 {@code text/plain} with exactly {@code body}. */
    private Executable echoes(String uri, String body) {
        return echoes(uri, Map.of(), body);
    }

    private Executable echoes(String uri, Map<String, String> headers, String body) {
        return () -> {
            int before = calls.get();
            KilnTest.Response r = client.request("GET", uri, headers, null);
            assertEquals(200, r.status(), uri + ": status, body " + r.text());
            assertEquals(body, r.text(), uri + ": body");
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"), uri + ": content type");
            assertEquals(1, calls.get() - before, uri + ": handler runs");
        };
    }

    /** Binding answered 400 naming the parameter, where it comes from and what was expected; no handler ran. */
    private Executable badRequest(String uri, String param, String in, String expected) {
        return badRequest(uri, Map.of(), param, in, expected);
    }

    private Executable badRequest(String uri, Map<String, String> headers, String param, String in, String expected) {
        return () -> rejectedWithoutCall(() -> client.request("GET", uri, headers, null), uri, 400,
                badRequestBody(param, in, expected));
    }

    /** The 400 for a parameter: it names the parameter, where it comes from and what was expected. */
    private static Problem badRequestBody(String param, String in, String expected) {
        return Problem.of(400, in + " parameter '" + param + "': expected " + expected,
                List.of(new Problem.Error(param, in, expected, null)));
    }

    /** The 400 for a JSON body that could not be read, with why. */
    private static Problem badBody(String param, String expected, String reason) {
        return Problem.of(400, "body parameter '" + param + "': expected " + expected + " (" + reason + ")",
                List.of(new Problem.Error(param, "body", expected, reason)));
    }

    /** The request was turned away with this status and problem, and no handler ran. */
    private static void rejectedWithoutCall(Supplier<KilnTest.Response> send, String what, int status, Problem problem) {
        int before = calls.get();
        KilnTest.Response r = send.get();
        assertEquals(status, r.status(), what + ": status");
        assertEquals("application/problem+json", r.header("Content-Type"), what + ": content type");
        assertEquals(problem, r.problem(), what + ": problem");
        assertEquals(0, calls.get() - before, what + ": the handler must not run");
    }

    private static void check(Executable... checks) {
        assertAll(checks);
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    @Test
    void everyPrimitiveIsConverted() {
        String all = "i=-7&l=9000000000&s=-300&b=127&d=2.25&f=1.5&z=true&c=x";
        check(
                echoes("/primitives?" + all, "i=-7 l=9000000000 s=-300 b=127 d=2.25 f=1.5 z=true c=x"),
                echoes("/primitives?i=0&l=0&s=0&b=-128&d=-0.5&f=3&z=FALSE&c=%C3%A9", "i=0 l=0 s=0 b=-128 d=-0.5 f=3.0 z=false c=\u00e9"));
    }

    @Test
    void aMalformedPrimitiveIsA400NamingItsType() {
        String all = "i=1&l=1&s=1&b=1&d=1&f=1&z=true&c=x";
        check(
                badRequest("/primitives?" + all.replace("i=1", "i=abc"), "i", "query", "int"),
                badRequest("/primitives?" + all.replace("i=1", "i=2147483648"), "i", "query", "int"),
                badRequest("/primitives?" + all.replace("i=1", "i="), "i", "query", "int"),
                badRequest("/primitives?" + all.replace("l=1", "l=1.0"), "l", "query", "long"),
                badRequest("/primitives?" + all.replace("s=1", "s=40000"), "s", "query", "short"),
                badRequest("/primitives?" + all.replace("b=1", "b=128"), "b", "query", "byte"),
                badRequest("/primitives?" + all.replace("d=1", "d=NaN"), "d", "query", "double"),
                badRequest("/primitives?" + all.replace("d=1", "d=Infinity"), "d", "query", "double"),
                badRequest("/primitives?" + all.replace("f=1", "f=one"), "f", "query", "float"),
                badRequest("/primitives?" + all.replace("z=true", "z=1"), "z", "query", "boolean"),
                badRequest("/primitives?" + all.replace("z=true", "z=yes"), "z", "query", "boolean"),
                badRequest("/primitives?" + all.replace("c=x", "c=xy"), "c", "query", "char"),
                badRequest("/primitives?" + all.replace("c=x", "c="), "c", "query", "char"));
    }

    @Test
    void aMissingPrimitiveIsA400() {
        check(
                badRequest("/primitives?l=1&s=1&b=1&d=1&f=1&z=true&c=x", "i", "query", "int"),
                badRequest("/primitives?i=1&l=1&s=1&b=1&d=1&f=1&z=true", "c", "query", "char"));
    }

    @Test
    void boxesAreNullWhenAbsentAndConvertedWhenPresent() {
        check(
                echoes("/boxes", "i=null l=null s=null b=null d=null f=null z=null c=null"),
                echoes("/boxes?i=1&l=2&s=3&b=4&d=5.5&f=6.5&z=true&c=q", "i=1 l=2 s=3 b=4 d=5.5 f=6.5 z=true c=q"),
                echoes("/boxes?z=false", "i=null l=null s=null b=null d=null f=null z=false c=null"),
                badRequest("/boxes?i=x", "i", "query", "int"),
                badRequest("/boxes?l=x", "l", "query", "long"),
                badRequest("/boxes?s=x", "s", "query", "short"),
                badRequest("/boxes?b=x", "b", "query", "byte"),
                badRequest("/boxes?d=x", "d", "query", "double"),
                badRequest("/boxes?f=x", "f", "query", "float"),
                badRequest("/boxes?z=x", "z", "query", "boolean"),
                badRequest("/boxes?c=xx", "c", "query", "char"));
    }

    @Test
    void stringsAreDecodedAndRequired() {
        check(
                echoes("/strings?s=a%20b&cs=caf%C3%A9", "s=a b cs=caf\u00e9"),
                echoes("/strings?s=&cs=", "s= cs="),
                echoes("/strings?s=first&s=second&cs=c", "s=first cs=c"),
                badRequest("/strings?cs=c", "s", "query", "string"),
                badRequest("/strings?s=s", "cs", "query", "string"));
    }

    @Test
    void uuidEnumDecimalDateAndInstant() {
        String id = "123e4567-e89b-12d3-a456-426614174000";
        String rest = "&amount=12.50&day=2024-02-29&at=2024-01-02T03:04:05.006Z";
        check(
                echoes("/values?id=" + id + "&color=GREEN" + rest,
                        "id=" + id + " color=GREEN amount=12.50 day=2024-02-29 at=1704164645006"),
                echoes("/values?id=" + id + "&color=blue" + rest,
                        "id=" + id + " color=BLUE amount=12.50 day=2024-02-29 at=1704164645006"),
                echoes("/values?id=" + id + "&color=gReEn" + rest,
                        "id=" + id + " color=GREEN amount=12.50 day=2024-02-29 at=1704164645006"),
                badRequest("/values?id=not-a-uuid&color=RED" + rest, "id", "query", "uuid"),
                badRequest("/values?id=" + id + "&color=PURPLE" + rest, "color", "query", "one of RED, GREEN, BLUE"),
                badRequest("/values?id=" + id + rest, "color", "query", "one of RED, GREEN, BLUE"),
                badRequest("/values?id=" + id + "&color=RED&amount=1,5&day=2024-02-29&at=2024-01-02T03:04:05Z",
                        "amount", "query", "decimal"),
                badRequest("/values?id=" + id + "&color=RED&amount=1&day=2023-02-29&at=2024-01-02T03:04:05Z",
                        "day", "query", "date (yyyy-mm-dd)"),
                badRequest("/values?id=" + id + "&color=RED&amount=1&day=2024-02-28&at=yesterday",
                        "at", "query", "instant (ISO-8601, UTC)"));
    }

    @Test
    void userTypesAreMadeByTheirFactoryOrConstructor() {
        String ok = "/factories?sku=SKU-9&code=EUR&version=2.10&slug=my-post";
        check(
                echoes(ok, "Sku(9) Code(EUR) Version(2.10) Slug(my-post)"),
                badRequest(ok.replace("sku=SKU-9", "sku=9"), "sku", "query", "Sku"),
                badRequest(ok.replace("sku=SKU-9", "sku=none"), "sku", "query", "Sku"), // valueOf answered null
                badRequest(ok.replace("code=EUR", "code=eu"), "code", "query", "Code"),
                badRequest(ok.replace("version=2.10", "version=2"), "version", "query", "Version"),
                badRequest(ok.replace("version=2.10", "version=2.x"), "version", "query", "Version"),
                badRequest(ok.replace("slug=my-post", "slug=my%20post"), "slug", "query", "Slug"),
                badRequest(ok.replace("&slug=my-post", ""), "slug", "query", "Slug"));
    }

    @Test
    void optionalsAreEmptyWhenAbsentAndStillValidated() {
        String id = "123e4567-e89b-12d3-a456-426614174000";
        check(
                echoes("/optionals", "n=Optional.empty color=Optional.empty id=Optional.empty s=Optional.empty v=Optional.empty"),
                echoes("/optionals?n=5&color=red&id=" + id + "&s=&v=1.2",
                        "n=Optional[5] color=Optional[RED] id=Optional[" + id + "] s=Optional[] v=Optional[Version(1.2)]"),
                badRequest("/optionals?n=five", "n", "query", "int"),
                badRequest("/optionals?color=pink", "color", "query", "one of RED, GREEN, BLUE"),
                badRequest("/optionals?id=1", "id", "query", "uuid"),
                badRequest("/optionals?v=1", "v", "query", "Version"));
    }

    @Test
    void listsTakeEveryRepeatedValueInOrder() {
        check(
                echoes("/lists", "n=[] tags=[] colors=[] skus=[] traces=[]"),
                echoes("/lists?n=3&tag=b&n=1&tag=a&n=2&colors=red&colors=BLUE&skus=SKU-1&skus=SKU-2",
                        "n=[3, 1, 2] tags=[b, a] colors=[RED, BLUE] skus=[Sku(1), Sku(2)] traces=[]"),
                badRequest("/lists?n=1&n=x&n=3", "n", "query", "int"),
                badRequest("/lists?colors=RED&colors=mauve", "colors", "query", "one of RED, GREEN, BLUE"),
                badRequest("/lists?skus=SKU-1&skus=bad", "skus", "query", "Sku"));
    }

    @Test
    void anEmptyQueryValueInAListIsKeptAsAnEmptyString() {
        int before = calls.get();
        KilnTest.Response r = get("/lists?tag=&tag=x");
        assertEquals(200, r.status());
        assertEquals("n=[] tags=[, x] colors=[] skus=[] traces=[]", r.text());
        assertEquals(1, calls.get() - before);
    }

    @Test
    void repeatedHeadersBindToAList() {
        byte[] request = ("GET /lists HTTP/1.1\r\nHost: test\r\nX-Trace: one\r\nx-trace: two\r\nX-TRACE: three\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        int before = calls.get();
        List<KilnTest.Response> responses = client.raw(request);
        assertEquals(1, responses.size());
        assertEquals(200, responses.get(0).status());
        assertEquals("n=[] tags=[] colors=[] skus=[] traces=[one, two, three]", responses.get(0).text());
        assertEquals(1, calls.get() - before);
    }

    @Test
    void defaultsApplyOnlyWhenTheValueIsAbsent() {
        check(
                echoes("/defaults", "limit=20 color=GREEN mode=fast user=anon boxed=7 v=Optional[Version(1.0)]"),
                echoes("/defaults?limit=5&color=red&boxed=8&v=3.4", Map.of("X-Mode", "slow", "Cookie", "user=ann"),
                        "limit=5 color=RED mode=slow user=ann boxed=8 v=Optional[Version(3.4)]"),
                // present but empty is not absent: it is converted, and an empty int is malformed
                badRequest("/defaults?limit=", "limit", "query", "int"),
                badRequest("/defaults?limit=lots", "limit", "query", "int"),
                badRequest("/defaults?boxed=x", "boxed", "query", "int"),
                badRequest("/defaults?color=teal", "color", "query", "one of RED, GREEN, BLUE"));
    }

    @Test
    void cookiesAreBoundByName() {
        check(
                echoes("/cookies", Map.of("Cookie", "session=abc; pref=dark; visits=3"),
                        "session=abc pref=Optional[dark] visits=3"),
                echoes("/cookies", Map.of("Cookie", "visits=0;session=s2"), "session=s2 pref=Optional.empty visits=0"),
                badRequest("/cookies", Map.of("Cookie", "pref=dark; visits=3"), "session", "cookie", "string"),
                badRequest("/cookies", Map.of("Cookie", "session=abc; visits=many"), "visits", "cookie", "int"),
                badRequest("/cookies", "session", "cookie", "string"));
    }

    @Test
    void namesDefaultToTheJavaParameterName() {
        Map<String, String> headers = Map.of("token", "t0k", "X-Name", "nm");
        check(
                echoes("/names/42?sortBy=date&q=pens", headers, "itemId=42 sortBy=date q=pens token=t0k name=nm"),
                echoes("/names/42?sortBy=date&q=pens", Map.of("TOKEN", "T", "x-name", "n"), "itemId=42 sortBy=date q=pens token=T name=n"),
                badRequest("/names/42?sort_by=date&q=pens", headers, "sortBy", "query", "string"),
                badRequest("/names/42?sortBy=date&query=pens", headers, "q", "query", "string"),
                badRequest("/names/42?sortBy=date&q=pens", Map.of("X-Name", "nm"), "token", "header", "string"),
                badRequest("/names/zz?sortBy=date&q=pens", headers, "itemId", "path", "long"),
                badRequest("/names/-?sortBy=date&q=pens", headers, "itemId", "path", "long"));
    }

    @Test
    void parameterNamesThatClashWithGeneratedLocalsStillBind() {
        check(
                echoes("/context/5?index=6", "e=5 index=6 path=/context/5"),
                badRequest("/context/x?index=6", "e", "path", "int"),
                badRequest("/context/5", "index", "query", "int"));
    }

    @Test
    void theHandlerNeverRunsWhenBindingFails() {
        int before = calls.get();
        for (String uri : List.of("/primitives", "/boxes?i=x", "/strings", "/values", "/factories", "/optionals?n=x",
                "/lists?n=x", "/defaults?limit=x", "/cookies", "/names/1", "/context/1", "/r/status-rejected?n=x")) {
            assertEquals(400, get(uri).status(), uri);
        }
        assertEquals(400, post("/json", "application/json", "{").status());
        assertEquals(400, post("/json", "application/json", "").status());
        assertEquals(415, post("/json", "text/plain", "{}").status());
        assertEquals(0, calls.get() - before, "handler calls");
    }

    // ---- bodies --------------------------------------------------------------------------------------------

    @Test
    void aJsonBodyRoundTrips() {
        int before = calls.get();
        KilnTest.Response r = post("/json", "application/json", "{\"name\":\"pen\",\"qty\":2,\"tags\":[\"red\",\"\u00e9\"]}");
        assertEquals(200, r.status(), r.text());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"name\":\"pen!\",\"qty\":3,\"tags\":[\"red\",\"\u00e9\"]}", r.text());
        assertEquals(1, calls.get() - before);
    }

    @Test
    void aJsonListBodyRoundTrips() {
        KilnTest.Response r = post("/json-list", "application/json",
                "[{\"name\":\"a\",\"qty\":1,\"tags\":[]},{\"name\":\"b\",\"qty\":2,\"tags\":[\"x\"]}]");
        assertEquals(200, r.status(), r.text());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("[{\"name\":\"b\",\"qty\":2,\"tags\":[\"x\"]},{\"name\":\"a\",\"qty\":1,\"tags\":[]}]", r.text());
    }

    @Test
    void aPrimitiveJsonBodyIsReadThroughItsBox() {
        KilnTest.Response r = post("/twice", "application/json", "21");
        assertEquals(200, r.status(), r.text());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("42", r.text());
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("null", "expected a number that fits its type at line 1, column 1");
        reasons.put("[21]", "expected a number that fits its type at line 1, column 1");
        reasons.put("{}", "expected a number that fits its type at line 1, column 1");
        reasons.put("twenty", "malformed JSON at line 1, column 1: expected a JSON value (true, or text in double quotes)");
        reasons.put("", "empty body");
        reasons.forEach((body, reason) -> rejectedWithoutCall(() -> post("/twice", "application/json", body),
                "body '" + body + "'", 400, badBody("n", "int", reason)));
    }

    @Test
    void jsonMediaTypesAreAccepted() {
        String body = "{\"name\":\"n\",\"qty\":0,\"tags\":[]}";
        String echoed = "{\"name\":\"n!\",\"qty\":1,\"tags\":[]}";
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                "application/vnd.x+json", "application/problem+json;charset=UTF-8"}) {
            KilnTest.Response r = post("/json", type, body);
            assertEquals(200, r.status(), type + ": " + r.text());
            assertEquals(echoed, r.text(), type);
        }
        // a body that declares no media type is read as JSON
        KilnTest.Response r = post("/json", null, body);
        assertEquals(200, r.status(), r.text());
        assertEquals(echoed, r.text());
    }

    @Test
    void aJsonBodyOfAnotherMediaTypeIs415() {
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "text/json+plain", "application/jsonx"}) {
            rejectedWithoutCall(() -> post("/json", type, "{\"name\":\"n\",\"qty\":0,\"tags\":[]}"), type, 415,
                    Problem.of(415, "body of type " + type + ": expected application/json"));
        }
    }

    @Test
    void aMalformedOrEmptyJsonBodyIs400() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("", "empty body");
        reasons.put("{", "malformed JSON at line 1, column 2: expected a field name in double quotes");
        reasons.put("{\"name\":\"n\",\"qty\":\"many\",\"tags\":[]}",
                "field qty: expected a number that fits its type at line 1, column 19");
        reasons.put("{\"name\":\"n\",\n \"qty\":1,\n \"tags\":[1]}", "field tags[0]: expected a string at line 3, column 10");
        reasons.put("[1,2]", "expected an object at line 1, column 1");
        reasons.put("null", "expected an object at line 1, column 1");
        reasons.put("not json", "malformed JSON at line 1, column 1: expected a JSON value (null, or text in double quotes)");
        reasons.forEach((body, reason) -> rejectedWithoutCall(() -> post("/json", "application/json", body),
                "body '" + body + "'", 400, badBody("item", "Item", reason)));
        Problem empty = badBody("item", "Item", "empty body");
        rejectedWithoutCall(() -> post("/json", "application/json", new byte[0]), "no body", 400, empty);
        rejectedWithoutCall(() -> client.request("POST", "/json", Map.of(), null), "no body at all", 400, empty);
        rejectedWithoutCall(() -> post("/json-list", "application/json", "{\"name\":\"a\"}"), "object for a list", 400,
                badBody("items", "List<Item>", "expected an array at line 1, column 1"));
    }

    @Test
    void textAndByteBodiesTakeAnyContentType() {
        for (String type : new String[] {"text/plain", "application/json", "application/octet-stream", "image/png"}) {
            KilnTest.Response r = post("/text", type, "h\u00e9 {");
            assertEquals(200, r.status(), type);
            assertEquals("[h\u00e9 {]", r.text(), type);
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));

            KilnTest.Response b = post("/bytes", type, new byte[] {0, 41, (byte) 0xfe});
            assertEquals(200, b.status(), type);
            assertArrayEquals(new byte[] {1, 42, (byte) 0xff}, b.body(), type);
            assertEquals("application/octet-stream", b.header("Content-Type"));
        }
        assertEquals("[]", post("/text", null, new byte[0]).text());
        assertEquals(0, post("/bytes", null, new byte[0]).body().length);
        KilnTest.Response c = post("/chars", "text/csv", "abc");
        assertEquals("cba", c.text());
        assertEquals("text/plain; charset=utf-8", c.header("Content-Type"));
    }

    // ---- returns -------------------------------------------------------------------------------------------

    @Test
    void returnsAreWrittenByType() {
        KilnTest.Response text = get("/r/text");
        assertEquals(200, text.status());
        assertEquals("text/plain; charset=utf-8", text.header("Content-Type"));
        assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.UTF_8), text.body());

        KilnTest.Response buffer = get("/r/buffer");
        assertEquals("application/octet-stream", buffer.header("Content-Type"));
        assertArrayEquals(new byte[] {8, 7}, buffer.body(), "only the buffer's remaining bytes");

        KilnTest.Response record = get("/r/record");
        assertEquals("application/json", record.header("Content-Type"));
        assertEquals("{\"name\":\"pen\",\"qty\":3,\"tags\":[\"a\",\"b\"]}", record.text());

        KilnTest.Response list = get("/r/list");
        assertEquals("application/json", list.header("Content-Type"));
        assertEquals("[{\"name\":\"a\",\"qty\":1,\"tags\":[]},{\"name\":\"b\",\"qty\":2,\"tags\":[\"x\"]}]", list.text());
    }

    @Test
    void aResponseCarriesStatusHeadersAndBody() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("text", new String[] {"text/plain; charset=utf-8", "plain"});
        expected.put("object", new String[] {"application/json", "{\"name\":\"o\",\"qty\":1,\"tags\":[\"t\"]}"});
        expected.put("list", new String[] {"application/json", "[{\"name\":\"l\",\"qty\":2,\"tags\":[]}]"});
        List<Executable> checks = new ArrayList<>();
        expected.forEach((kind, want) -> checks.add(() -> {
            KilnTest.Response r = get("/r/response/" + kind);
            assertEquals(202, r.status(), kind);
            assertEquals(kind, r.header("X-Kind"), kind);
            assertEquals(want[0], r.header("Content-Type"), kind);
            assertEquals(want[1], r.text(), kind);
        }));
        checks.add(() -> {
            KilnTest.Response r = get("/r/response/bytes");
            assertEquals(202, r.status());
            assertEquals("application/octet-stream", r.header("Content-Type"));
            assertArrayEquals(new byte[] {1, 2, 3}, r.body());
        });
        checks.add(() -> {
            KilnTest.Response r = get("/r/response/none");
            assertEquals(202, r.status());
            assertEquals("none", r.header("X-Kind"));
            assertNull(r.header("Content-Type"), "a null body has no content type");
            assertEquals(0, r.body().length);
            assertEquals("0", r.header("Content-Length"));
        });
        assertAll(checks);
    }

    /** Regression: Context.respond once wrote a text body with text(), whose text/plain replaced this type. */
    @Test
    void aResponsesOwnContentTypeIsKeptForATextBody() {
        KilnTest.Response r = get("/r/response/typed");
        assertEquals(202, r.status());
        assertEquals("{\"title\":\"x\"}", r.text());
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void statusSetsTheDefaultAndTheHandlerCanOverrideIt() {
        KilnTest.Response created = post("/r/created", "application/json", "{\"name\":\"c\",\"qty\":1,\"tags\":[]}");
        assertEquals(201, created.status());
        assertEquals("{\"name\":\"c\",\"qty\":1,\"tags\":[]}", created.text());

        KilnTest.Response accepted = client.request("POST", "/r/accepted", Map.of(), new byte[0]);
        assertEquals(202, accepted.status(), "ctx.status() in the handler wins over @Status");
        assertEquals("queued", accepted.text());

        KilnTest.Response replaced = get("/r/status-response");
        assertEquals(200, replaced.status(), "a returned Response's status wins over @Status");
        assertEquals("replaced", replaced.text());

        assertEquals(201, get("/r/status-rejected?n=1").status());
        rejectedWithoutCall(() -> get("/r/status-rejected?n=x"), "@Status route, bad n", 400, badRequestBody("n", "query", "int"));
        rejectedWithoutCall(() -> post("/r/created", "application/json", "{"), "@Status route, bad body", 400,
                badBody("item", "Item", "malformed JSON at line 1, column 2: expected a field name in double quotes"));
    }
}
