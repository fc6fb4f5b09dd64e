package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.routing.Routes;
import dev.kiln.test.KilnTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Form} binding through the generated code: fields as {@code @Query} binds them (conversions, defaults,
 * lists, constraints, 400 naming the field {@code "in":"form"}), file parts as {@code Upload}, and 415 for a body of
 * the wrong media type. A request turned away never reaches its handler ({@code Api.CALLS}).
 */
class FormBindingTest {
    private static final String BOUNDARY = "b-0";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;
    private static final String URLENCODED = "application/x-www-form-urlencoded";

    private static final JavaFileObject APP = CompiledApp.source("app.App",
            "package app;",
            "import dev.kiln.annotation.KilnApplication;",
            "@KilnApplication",
            "public final class App {}");

    private static final JavaFileObject COLOR = CompiledApp.source("app.Color",
            "package app;",
            "public enum Color { RED, GREEN, BLUE }");

    private static final JavaFileObject API = CompiledApp.source("app.Api",
            "package app;",
            "import dev.kiln.annotation.*;",
            "import dev.kiln.form.Upload;",
            "import jakarta.validation.constraints.NotBlank;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "@Controller",
            "public final class Api {",
            "    public static final AtomicInteger CALLS = new AtomicInteger();",
            "    @Post(\"/ticket\")",
            "    public String ticket(@Form(\"title\") @NotBlank String title, @Form Color color, @Form(\"tag\") List<String> tags,",
            "                         @Form @Default(\"1\") int copies, @Form Optional<Long> parent) {",
            "        CALLS.incrementAndGet();",
            "        return title + \"|\" + color + \"|\" + tags + \"|\" + copies + \"|\" + parent;",
            "    }",
            "    @Post(\"/upload\")",
            "    public String upload(@Form(\"file\") Upload file, @Form(\"extra\") List<Upload> extras,",
            "                         @Form(\"thumb\") Optional<Upload> thumb, @Form(\"note\") String note) throws java.io.IOException {",
            "        CALLS.incrementAndGet();",
            "        return file.fileName() + \":\" + new String(file.bytes(), java.nio.charset.StandardCharsets.UTF_8) + \"|\"",
            "                + extras.size() + \"|\" + thumb.map(Upload::fileName).orElse(\"-\") + \"|\" + note;",
            "    }",
            "}");

    private static Routes routes;
    private static AtomicInteger calls;
    private KilnTest client;

    @BeforeAll
    static void compile() throws Exception {
        CompiledApp app = CompiledApp.compile(APP, COLOR, API);
        routes = app.routes("app.AppRoutes");
        calls = (AtomicInteger) app.load("app.Api").getField("CALLS").get(null);
    }

    @BeforeEach
    void connect() {
        client = KilnTest.of(routes);
    }

    @Test
    void fieldsBindLikeQueryParametersFromEitherEncoding() {
        assertEquals("Fix it|GREEN|[a, b c]|1|Optional.empty",
                post("/ticket", URLENCODED, "title=Fix+it&color=GREEN&tag=a&tag=b%20c").text());
        assertEquals("Fix it|RED|[]|3|Optional[7]", post("/ticket", MULTIPART, multipart(
                "title", null, "Fix it", "color", null, "RED", "copies", null, "3", "parent", null, "7")).text());
    }

    @Test
    void aMissingMalformedOrInvalidFieldIs400NamingItAndTheHandlerNeverRuns() {
        int before = calls.get();
        assertRefused(post("/ticket", URLENCODED, "color=RED"), 400, "\"name\":\"title\",\"in\":\"form\"");
        assertRefused(post("/ticket", URLENCODED, "title=x&color=PINK"), 400, "\"expected\":\"one of RED, GREEN, BLUE\"");
        assertRefused(post("/ticket", URLENCODED, "title=x&color=RED&copies=many"), 400, "form parameter 'copies': expected int");
        assertRefused(post("/ticket", URLENCODED, "title=+&color=RED"), 400, "\"name\":\"title\",\"in\":\"form\",\"detail\":\"must not be blank\"");
        assertRefused(post("/ticket", URLENCODED, "title=%zz"), 400, "not followed by two hex digits");
        assertRefused(post("/ticket", "application/json", "{\"title\":\"x\"}"), 415,
                "expected application/x-www-form-urlencoded or multipart/form-data");
        assertEquals(before, calls.get(), "no refused request reached the handler");
    }

    @Test
    void filePartsBindAsUploadsOptionalAndListed() {
        String body = multipart("file", "a.txt", "first", "extra", "b.txt", "x", "extra", "c.txt", "y", "note", null, "hi");
        assertEquals("a.txt:first|2|-|hi", post("/upload", MULTIPART, body).text());
        String withThumb = multipart("thumb", "t.png", "", "file", "a.txt", "", "note", null, "");
        assertEquals("a.txt:|0|t.png|", post("/upload", MULTIPART, withThumb).text());
    }

    @Test
    void anUploadRouteTakesMultipartOnlyAndNeedsItsFile() {
        int before = calls.get();
        assertRefused(post("/upload", URLENCODED, "file=a&note=b"), 415, "expected multipart/form-data");
        assertRefused(post("/upload", MULTIPART, multipart("note", null, "hi")), 400,
                "\"name\":\"file\",\"in\":\"form\",\"expected\":\"a file\"");
        assertRefused(post("/upload", MULTIPART, multipart("file", null, "a field, not a file", "note", null, "hi")), 400,
                "\"name\":\"file\"");
        assertEquals(before, calls.get(), "no refused request reached the handler");
    }

    private KilnTest.Response post(String path, String type, String body) {
        return client.request("POST", path, Map.of("Content-Type", type), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(KilnTest.Response r, int status, String text) {
        assertEquals(status, r.status(), r.text());
        assertTrue(r.text().contains(text), r.text());
    }

    /** Parts as name, file name (null for a field) and content, in turn. */
    private static String multipart(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i += 3) {
            b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(parts[i]).append('"');
            if (parts[i + 1] != null) b.append("; filename=\"").append(parts[i + 1]).append('"');
            b.append("\r\n\r\n").append(parts[i + 2]).append("\r\n");
        }
        out.writeBytes(b.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
