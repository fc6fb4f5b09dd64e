package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.files.StaticMount;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static files over a real socket: a directory on disk mounted at {@code /assets} (sent with sendfile) and a folder
 * of a jar built here at {@code /jar}, through the server's file hook, with raw requests, since HTTP clients
 * normalise the {@code ..} and encodings a traversal test needs to send as they are.
 */
class StaticFilesServingTest {
    private static final String SECRET = "the secret outside the root";
    private static final byte[] BIG = random(3 * 1024 * 1024 + 17, 1);
    private static final byte[] JAR_BIG = random(2 * 1024 * 1024 + 5, 2); // over the 1 MiB kept in memory

    @TempDir
    static Path temp;
    private static Path root;
    private static Path secret;
    private static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(temp.resolve("www"));
        secret = Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("app.js"), "console.log('kiln');");
        Files.writeString(root.resolve("style.css"), "body { color: red }");
        Files.writeString(root.resolve("notes.unknownext"), "?");
        Files.write(root.resolve("big.bin"), BIG);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<h1>sub</h1>");
        Files.createDirectories(root.resolve("nested"));
        Files.writeString(root.resolve("nested/file.txt"), "nested");
        Files.writeString(root.resolve("%2e%2e"), "a file named as the escape"); // reached by %252e%252e, decoded once
        Files.createSymbolicLink(root.resolve("out"), secret);
        Files.createSymbolicLink(root.resolve("outdir"), temp);
        Files.createSymbolicLink(root.resolve("inlink.js"), root.resolve("app.js"));

        Path jar = temp.resolve("assets.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "static/", null);
            entry(out, "static/index.html", "<h1>from the jar</h1>".getBytes(StandardCharsets.UTF_8));
            entry(out, "static/js/", null);
            entry(out, "static/js/app.js", "jar();".getBytes(StandardCharsets.UTF_8));
            entry(out, "static/big.bin", JAR_BIG);
            entry(out, "secret.txt", SECRET.getBytes(StandardCharsets.UTF_8));
        }
        StaticMount disk = StaticMount.mount("/assets", root.toString(), "max-age=60");
        StaticMount inJar;
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            inJar = StaticMount.mount("/jar", "classpath:/static", "");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        server = new KilnServer(routes(disk, inJar)).port(0).host("127.0.0.1").eventLoops(1)
                .shutdownTimeout(Duration.ofSeconds(2)).start();
    }

    private static TestRoutes routes(StaticMount disk, StaticMount inJar) {
        return TestRoutes.builder()
                .get("/assets/*path", disk::serve)
                .get("/jar/*path", inJar::serve)
                .get("/replaced", ctx -> {
                    ctx.file(FileChannel.open(root.resolve("app.js"), StandardOpenOption.READ), 0, 4, "text/plain");
                    ctx.text("replaced");
                })
                .get("/thrown", ctx -> {
                    ctx.file(FileChannel.open(root.resolve("app.js"), StandardOpenOption.READ), 0, 4, "text/plain");
                    throw new IllegalStateException("after the file was set");
                })
                .build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        LeakRecorder.assertNoLeaks();
    }

    // ---- files ---------------------------------------------------------------------------------------------

    @Test
    void aFileComesWithItsTypeLengthTagDateAndCacheControl() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(get("/assets/app.js")).read();
            assertEquals(200, r.status());
            assertEquals("console.log('kiln');", r.text());
            assertEquals("text/javascript; charset=utf-8", r.header("Content-Type"));
            assertEquals("20", r.header("Content-Length"));
            assertEquals("max-age=60", r.header("Cache-Control"));
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertTrue(r.header("ETag").matches("\"[0-9a-f]+-14\""), r.header("ETag")); // mtime-size, as nginx
            assertEquals(io.netty.handler.codec.DateFormatter.format(new java.util.Date(
                    Files.getLastModifiedTime(root.resolve("app.js")).toMillis())), r.header("Last-Modified"));
            assertEquals("text/css; charset=utf-8", wire.send(get("/assets/style.css")).read().header("Content-Type"));
            assertEquals("application/octet-stream", wire.send(get("/assets/notes.unknownext")).read().header("Content-Type"));
        }
    }

    @Test
    void aLargeFileArrivesByteForByteOnEpollAndOnNio() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(get("/assets/big.bin") + get("/assets/app.js")).read();
            assertEquals(String.valueOf(BIG.length), r.header("Content-Length"));
            assertArrayEquals(BIG, r.body());
            assertEquals("console.log('kiln');", wire.read().text(), "the connection goes on after the file");
        }
        StaticMount disk = StaticMount.mount("/assets", root.toString(), "");
        try (RunningServer nio = new KilnServer(routes(disk, disk)).port(0).host("127.0.0.1").eventLoops(1)
                .transport(Transport.NIO).start(); Wire wire = Wire.connect(nio.port())) {
            assertArrayEquals(BIG, wire.send(get("/assets/big.bin")).read().body());
        }
    }

    @Test
    void headGivesTheLengthAndNoBody() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response head = wire.send("HEAD /assets/big.bin HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals(String.valueOf(BIG.length), head.header("Content-Length"));
            assertNotNull(head.header("ETag"));
            // Had a body been sent, this would read its first bytes as a status line.
            assertEquals("<h1>home</h1>", wire.send(get("/assets/")).read().text());
        }
    }

    @Test
    void aConditionalRequestForAnUnchangedFileIs304() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response first = wire.send(get("/assets/app.js")).read();
            String etag = first.header("ETag");
            String date = first.header("Last-Modified");
            Wire.Response same = wire.send(get("/assets/app.js", "If-None-Match: \"other\", " + etag)).read();
            assertEquals(304, same.status());
            assertNull(same.header("Content-Length"), "a 304 has no length of its own (RFC 9110 §8.6)");
            assertEquals(etag, same.header("ETag"));
            assertEquals("max-age=60", same.header("Cache-Control"));
            assertEquals(304, wire.send(get("/assets/app.js", "If-None-Match: W/" + etag)).read().status(), "weak comparison");
            assertEquals(304, wire.send(get("/assets/app.js", "If-None-Match: *")).read().status());
            assertEquals(304, wire.send(get("/assets/app.js", "If-Modified-Since: " + date)).read().status());
            assertEquals(200, wire.send(get("/assets/app.js", "If-None-Match: \"other\"")).read().status());
            assertEquals(200, wire.send(get("/assets/app.js", "If-Modified-Since: Thu, 01 Jan 1998 00:00:00 GMT")).read().status());
            assertEquals(200, wire.send(get("/assets/app.js", "If-Modified-Since: yesterday")).read().status(), "not a date");
            Wire.Response tagWins = wire.send(get("/assets/app.js", "If-None-Match: \"other\"", "If-Modified-Since: " + date)).read();
            assertEquals(200, tagWins.status(), "If-None-Match decides when present (RFC 9110 §13.1.3)");
            assertEquals("console.log('kiln');", tagWins.text());
        }
    }

    @Test
    void oneRangeIs206ManyAreTheWholeFileAndOutsideIs416() throws IOException {
        int n = BIG.length;
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response first = wire.send(get("/assets/big.bin", "Range: bytes=0-9")).read();
            assertEquals(206, first.status());
            assertEquals("bytes 0-9/" + n, first.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(BIG, 0, 10), first.body());
            Wire.Response middle = wire.send(get("/assets/big.bin", "Range: bytes=1000000-1999999")).read();
            assertArrayEquals(Arrays.copyOfRange(BIG, 1_000_000, 2_000_000), middle.body());
            Wire.Response suffix = wire.send(get("/assets/big.bin", "Range: bytes=-5")).read();
            assertEquals("bytes " + (n - 5) + "-" + (n - 1) + "/" + n, suffix.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(BIG, n - 5, n), suffix.body());
            Wire.Response open = wire.send(get("/assets/big.bin", "Range: bytes=" + (n - 3) + "-")).read();
            assertArrayEquals(Arrays.copyOfRange(BIG, n - 3, n), open.body());
            Wire.Response pastTheEnd = wire.send(get("/assets/big.bin", "Range: bytes=" + (n - 2) + "-" + (n + 100))).read();
            assertEquals("bytes " + (n - 2) + "-" + (n - 1) + "/" + n, pastTheEnd.header("Content-Range"));

            Wire.Response outside = wire.send(get("/assets/big.bin", "Range: bytes=" + n + "-")).read();
            assertEquals(416, outside.status());
            assertEquals("bytes */" + n, outside.header("Content-Range"));
            assertEquals(416, wire.send(get("/assets/big.bin", "Range: bytes=-0")).read().status());

            Wire.Response many = wire.send(get("/assets/app.js", "Range: bytes=0-1,5-6")).read();
            assertEquals(200, many.status());
            assertEquals("console.log('kiln');", many.text());
            assertEquals(200, wire.send(get("/assets/app.js", "Range: bytes=5-2")).read().status(), "invalid: ignored");
            assertEquals(200, wire.send(get("/assets/app.js", "Range: lines=1-2")).read().status(), "another unit: ignored");

            String etag = first.header("ETag");
            assertEquals(206, wire.send(get("/assets/big.bin", "Range: bytes=0-1", "If-Range: " + etag)).read().status());
            Wire.Response stale = wire.send(get("/assets/app.js", "Range: bytes=0-1", "If-Range: \"old\"")).read();
            assertEquals(200, stale.status(), "a changed file is sent whole");
            assertEquals(20, stale.body().length);
        }
    }

    @Test
    void aDirectoryIsRedirectedToItsSlashFormThenGetsItsIndex() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response redirect = wire.send(get("/assets/sub")).read();
            assertEquals(301, redirect.status());
            assertEquals("/assets/sub/", redirect.header("Location"));
            Wire.Response index = wire.send(get("/assets/sub/")).read();
            assertEquals("<h1>sub</h1>", index.text());
            assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
            assertEquals("<h1>home</h1>", wire.send(get("/assets/")).read().text());
            assertEquals(404, wire.send(get("/assets/nested/")).read().status(), "no index, and no listing");
            assertEquals(404, wire.send(get("/assets/app.js/")).read().status(), "a file is not a directory");
            assertEquals(404, wire.send(get("/assets/missing.js")).read().status());
            assertEquals(405, wire.send("POST /assets/app.js HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").read().status());
        }
    }

    // ---- nothing outside the directory -------------------------------------------------------------------

    @Test
    void nothingOutsideTheDirectoryIsEverServed() throws IOException {
        String abs = secret.toAbsolutePath().toString();
        List<String> attempts = List.of(
                "/assets/../secret.txt",                       // dot-dot
                "/assets/sub/../../secret.txt",
                "/assets/%2e%2e/secret.txt",                   // dot-dot, encoded
                "/assets/%2E%2E/secret.txt",
                "/assets/.%2e/secret.txt",
                "/assets/%2e%2e%2fsecret.txt",                 // dot-dot and slash, encoded
                "/assets/..%2fsecret.txt",                     // encoded slash
                "/assets/..%2Fsecret.txt",
                "/assets/sub%2f..%2f..%2fsecret.txt",
                "/assets/..%5csecret.txt",                     // encoded backslash
                "/assets/..%5Csecret.txt",
                "/assets/..\\secret.txt",                      // backslash
                "/assets/sub\\..\\..\\secret.txt",
                "/assets/%c0%ae%c0%ae/secret.txt",             // overlong UTF-8 dots
                "/assets/secret.txt%00.js",                    // NUL
                "/assets/app.js%00",
                "/assets//" + abs.substring(1),               // absolute path
                "/assets/" + abs,
                "/assets/%2f" + abs.substring(1).replace("/", "%2f"),
                "/assets/C:/secret.txt",
                "/assets/out",                                 // symlink to a file outside
                "/assets/outdir/secret.txt",                   // symlink to a directory outside
                "/jar/../secret.txt",                          // the same against the jar
                "/jar/%2e%2e/secret.txt",
                "/jar/..%2fsecret.txt",
                "/jar/js%2f..%2f..%2fsecret.txt",
                "/jar//secret.txt",
                "/jar/..%5csecret.txt");
        try (Wire wire = Wire.connect(server.port())) {
            for (String path : attempts) {
                Wire.Response r = wire.send(get(path)).read();
                assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status());
                assertFalse(r.text().contains(SECRET), path + " served the secret");
                if (r.header("Connection") != null && r.header("Connection").equals("close")) {
                    wire.close();
                    throw new AssertionError(path + " closed the connection");
                }
            }
        }
    }

    @Test
    void aSymlinkInsideTheRootAndADoubleEncodedNameAreServedAsWhatTheyName() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("console.log('kiln');", wire.send(get("/assets/inlink.js")).read().text(), "a link that stays inside");
            assertEquals("a file named as the escape", wire.send(get("/assets/%252e%252e")).read().text(),
                    "decoded once: %25 is a '%' in the name, never decoded again");
        }
    }

    // ---- in a jar ------------------------------------------------------------------------------------------

    @Test
    void aFolderOfAJarIsServedWithIndexRangesAndTags() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response index = wire.send(get("/jar/")).read();
            assertEquals("<h1>from the jar</h1>", index.text());
            assertNull(index.header("Cache-Control"), "none configured");
            assertEquals(301, wire.send(get("/jar/js")).read().status());
            Wire.Response js = wire.send(get("/jar/js/app.js")).read();
            assertEquals("jar();", js.text());
            assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
            assertEquals(304, wire.send(get("/jar/js/app.js", "If-None-Match: " + js.header("ETag"))).read().status());
            for (int i = 0; i < 2; i++) { // the large one is read again each time; the small ones once
                assertArrayEquals(JAR_BIG, wire.send(get("/jar/big.bin")).read().body());
            }
            Wire.Response range = wire.send(get("/jar/big.bin", "Range: bytes=100-199")).read();
            assertEquals(206, range.status());
            assertArrayEquals(Arrays.copyOfRange(JAR_BIG, 100, 200), range.body());
            assertEquals(404, wire.send(get("/jar/nothing.css")).read().status());
            Wire.Response head = wire.send("HEAD /jar/big.bin HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals(String.valueOf(JAR_BIG.length), head.header("Content-Length"));
            assertEquals("jar();", wire.send(get("/jar/js/app.js")).read().text());
        }
    }

    // ---- resources -----------------------------------------------------------------------------------------

    @Test
    void noFileDescriptorIsLeftOpenWhateverTheRequestsAndClients() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "Linux only");
        try (Wire warm = Wire.connect(server.port())) {
            warm.send(get("/assets/app.js")).read(); // the loop's own descriptors exist before counting
        }
        long before = count(fds);
        for (int round = 0; round < 50; round++) {
            try (Wire wire = Wire.connect(server.port())) {
                wire.send(get("/assets/app.js")).read();
                wire.send("HEAD /assets/big.bin HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
                wire.send(get("/assets/big.bin", "Range: bytes=0-99")).read();
                wire.send(get("/assets/big.bin", "Range: bytes=" + BIG.length + "-")).read();
                wire.send(get("/assets/app.js", "If-None-Match: *")).read();
                wire.send(get("/assets/nope")).read();
                assertEquals("replaced", wire.send(get("/replaced")).read().text());
                if (round % 10 == 0) assertEquals(500, wire.send(get("/thrown")).read().status()); // logs a trace
            }
            try (Wire abandoned = Wire.connect(server.port())) {
                abandoned.send(get("/assets/big.bin")).readHead(); // and go away before the body
            }
        }
        long after = count(fds);
        for (int i = 0; i < 50 && after > before; i++) { // the server closes an abandoned one as it sees it go
            Thread.sleep(100);
            after = count(fds);
        }
        assertTrue(after <= before, "descriptors before " + before + ", after " + after);
    }

    @Test
    void theInMemoryTestClientGetsTheFileToo() {
        StaticMount disk = StaticMount.mount("/assets", root.toString(), "");
        KilnTest app = KilnTest.of(TestRoutes.builder().get("/assets/*path", disk::serve).build());
        KilnTest.Response r = app.get("/assets/big.bin");
        assertEquals(200, r.status());
        assertArrayEquals(BIG, r.body());
        assertEquals(416, app.call("GET", "/assets/big.bin").header("Range", "bytes=-0").send().status());
    }

    @Test
    void aMountAtTheRootServesBesideTheRoutes() {
        StaticMount site = StaticMount.mount("", root.toString(), "");
        KilnTest app = KilnTest.of(TestRoutes.builder()
                .get("/api/status", ctx -> ctx.text("up"))
                .get("/*path", site::serve)
                .build());
        assertEquals("<h1>home</h1>", app.get("/").text());
        assertEquals("<h1>sub</h1>", app.get("/sub/").text());
        assertEquals("up", app.get("/api/status").text());
        int outside = app.get("/..%2fsecret.txt").status();
        assertTrue(outside == 400 || outside == 404, "outside: " + outside);
    }

    @Test
    void aMissingDirectoryStopsTheMountWithItsName() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StaticMount.mount("/x", temp.resolve("nowhere").toString(), ""));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"), e.getMessage());
        IllegalArgumentException cp = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StaticMount.mount("/x", "classpath:/no/such/folder", ""));
        assertTrue(cp.getMessage().contains("classpath:/no/such/folder is not on the class path"), cp.getMessage());
    }

    private static long count(Path fds) throws IOException {
        try (var list = Files.list(fds)) {
            return list.count();
        }
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (bytes != null) out.write(bytes);
        out.closeEntry();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
