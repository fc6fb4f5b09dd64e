package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.KilnTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Handlers that return a template model: the page its JStachio renderer writes, escaped for HTML, sent as
 * {@code text/html; charset=utf-8}, with hostile values in text and in attributes quoted both ways, and text in
 * several scripts (astral code points too) sent as UTF-8 unchanged.
 */
class HtmlTemplatesTest {
    private static final CompiledApp APP = CompiledApp.compile(List.of(
            CompiledApp.source("app.App",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "@KilnApplication",
                    "public final class App {}"),
            CompiledApp.source("app.Card",
                    "package app;",
                    "import io.jstach.jstache.JStache;",
                    "@JStache(template = \"<div title=\\\"{{title}}\\\" data-note='{{title}}'><h1>{{title}}</h1>"
                            + "<ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul></div>\")",
                    "public record Card(String title, java.util.List<String> lines) {}"),
            CompiledApp.source("app.Named",
                    "package app;",
                    "import io.jstach.jstache.*;",
                    "@JStache(template = \"<b>{{text}}</b>\", name = \"CustomRenderer\")",
                    "public record Named(String text) {}"),
            CompiledApp.source("app.Suffixed",
                    "package app;",
                    "import io.jstach.jstache.*;",
                    "@JStache(template = \"<i>{{text}}</i>\")",
                    "@JStacheConfig(naming = @JStacheName(suffix = \"View\"))",
                    "public record Suffixed(String text) {}"),
            CompiledApp.source("app.Pages",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "import java.util.List;",
                    "import java.util.concurrent.*;",
                    "@Controller",
                    "public final class Pages {",
                    "    @Get(\"/card\") public Card card(@Query String title, @Query List<String> line) {",
                    "        return new Card(title, line);",
                    "    }",
                    "    @Get(\"/later\") public CompletionStage<Card> later(@Query String title) {",
                    "        return CompletableFuture.supplyAsync(() -> new Card(title, List.of()));",
                    "    }",
                    "    @Get(\"/named\") public Named named() { return new Named(\"<named>\"); }",
                    "    @Get(\"/suffixed\") @Status(404) public Suffixed suffixed() { return new Suffixed(\"&\"); }",
                    "}")),
            List.of(CompiledApp.jstachio()));

    private final KilnTest client = KilnTest.of(APP.routes("app.AppRoutes"));

    private KilnTest.Response card(String title, String... lines) {
        StringBuilder uri = new StringBuilder("/card?title=").append(encode(title));
        for (String line : lines) uri.append("&line=").append(encode(line));
        return client.get(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Asserts an HTML answer whose body is exactly {@code expected}, encoded as UTF-8. */
    private static void assertPage(int status, String expected, KilnTest.Response response) {
        assertEquals(status, response.status(), response.text());
        assertEquals("text/html; charset=utf-8", response.header("content-type"));
        assertEquals(expected, response.text());
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), response.body());
    }

    @Test
    void aScriptInTextAndInAttributesIsSentAsText() {
        String script = "<script>alert(1)</script>";
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
        assertPage(200, "<div title=\"" + escaped + "\" data-note='" + escaped + "'><h1>" + escaped + "</h1><ul>"
                + "<li>" + escaped + "</li></ul></div>", card(script, script));
    }

    @Test
    void quotesCannotBreakOutOfAnAttributeQuotedEitherWay() {
        String title = "x\" onmouseover=\"alert(1)' onfocus='alert(2)";
        String escaped = "x&quot; onmouseover&#x3D;&quot;alert(1)&#x27; onfocus&#x3D;&#x27;alert(2)";
        KilnTest.Response page = card(title);
        assertPage(200, "<div title=\"" + escaped + "\" data-note='" + escaped + "'><h1>" + escaped + "</h1><ul></ul></div>",
                page);
        assertFalse(page.text().contains("\" on") || page.text().contains("' on"), page.text());
    }

    @Test
    void ampersandsAndEntitiesAreEscapedAgainSoTheyShowAsWritten() {
        String title = "Fish &amp; Chips & <b>&#60;</b>";
        String escaped = "Fish &amp;amp; Chips &amp; &lt;b&gt;&amp;#60;&lt;/b&gt;";
        assertPage(200, "<div title=\"" + escaped + "\" data-note='" + escaped + "'><h1>" + escaped + "</h1><ul></ul></div>",
                card(title));
    }

    @Test
    void textInSeveralScriptsIsSentAsUtf8Unchanged() {
        List<String> lines = List.of(
                "Ελληνικά", "Кириллица", "العربية", "עברית", "हिन्दी", "日本語のテキスト", "한국어", "ไทย",
                "emoji \uD83D\uDE00 and \uD835\uDD18\uD835\uDD2B\uD835\uDD26", // astral: U+1F600, U+1D518 U+1D52B U+1D526
                "e\u0301 combining, \u00e9 precomposed");
        StringBuilder items = new StringBuilder();
        for (String line : lines) items.append("<li>").append(line).append("</li>");
        assertPage(200, "<div title=\"€\" data-note='€'><h1>€</h1><ul>" + items + "</ul></div>",
                card("€", lines.toArray(String[]::new)));
        // Four bytes for an astral code point: not two encoded surrogates (six bytes each).
        String page = new String(card("\uD83D\uDE00").body(), StandardCharsets.UTF_8);
        assertEquals("<div title=\"\uD83D\uDE00\" data-note='\uD83D\uDE00'><h1>\uD83D\uDE00</h1><ul></ul></div>", page);
    }

    @Test
    void aCompletionStageOfAModelIsRenderedWhenItCompletes() {
        assertPage(200, "<div title=\"&lt;later&gt;\" data-note='&lt;later&gt;'><h1>&lt;later&gt;</h1><ul></ul></div>",
                client.get("/later?title=%3Clater%3E"));
    }

    @Test
    void renderersNamedByJStacheOrByANamingConfigurationAreFoundAndTheStatusKept() throws java.io.IOException {
        assertPage(200, "<b>&lt;named&gt;</b>", client.get("/named"));
        assertPage(404, "<i>&amp;</i>", client.get("/suffixed"));
        String routes = APP.compilation.generatedSourceFile("app.AppRoutes").orElseThrow().getCharContent(true).toString();
        assertTrue(routes.contains("ctx.html(CustomRenderer.of().execute(this.pages.named(), new StringBuilder(2048)));"),
                routes);
        assertTrue(routes.contains("ctx.html(SuffixedView.of().execute(this.pages.suffixed(), new StringBuilder(2048)));"),
                routes);
    }
}
