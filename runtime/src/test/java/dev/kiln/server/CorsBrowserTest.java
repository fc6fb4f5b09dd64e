package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.middleware.Cors;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Cors} in a real browser: headless Chromium loads a page from one origin ({@code http://127.0.0.1:P}, served by
 * the JDK's HTTP server) whose script calls a Kiln service on another port with {@code fetch}, writes each outcome into
 * the DOM, and the test reads the DOM with {@code chromium --dump-dom}. What the browser refuses never reaches the
 * page's script, so each refusal shows as the {@code TypeError} of a failed fetch; the service's own record shows what
 * the browser sent.
 *
 * <p>Chromium is Debian's, {@code /usr/bin/chromium} (or {@code -Dkiln.chromium=PATH}); when it is missing the test runs
 * {@code .ci/install-chromium} (root and apt only; {@code -Dkiln.chromium.install=false} not to), and is skipped with
 * the reason when there is still none. The page holds its load event with an image the page server answers only once
 * the script has written every outcome, so {@code --dump-dom}, which dumps at load, sees them all. About 2 s.
 */
class CorsBrowserTest {
    private static final Path CHROMIUM = Paths.get(System.getProperty("kiln.chromium", "/usr/bin/chromium"));
    private static final Pattern OUTCOME = Pattern.compile("<li id=\"(\\w+)\">(.*?)</li>");

    @Test
    void aPageOfAnotherOriginReadsWhatCorsAllowsAndNothingElse() throws Exception {
        assumeTrue(chromiumIsThere(), "skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium, or"
                + " .ci/install-chromium as root; -Dkiln.chromium=PATH for another)");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch written = new CountDownLatch(1);
        ExecutorService pageThreads = Executors.newCachedThreadPool();
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.setExecutor(pageThreads);
        pages.start();
        int pagePort = pages.getAddress().getPort();
        String pageOrigin = "http://127.0.0.1:" + pagePort;

        Cors cors = Cors.builder()
                .allowOrigins(pageOrigin)
                .allowMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .allowHeaders("Content-Type", "X-Client")
                .exposeHeaders("X-Item-Version")
                .allowCredentials(true)
                .build();
        TestRoutes routes = TestRoutes.builder()
                .use("Record", ctx -> {
                    String secret = ctx.header("X-Secret") != null ? " +x-secret" : "";
                    ctx.onResponse(c -> seen.add(c.method() + " " + c.path() + " " + c.status() + secret));
                })
                .use("Cors", cors)
                .get("/items/:id", ctx -> ctx.header("X-Item-Version", "3").json("{\"id\":\"" + ctx.param("id") + "\"}"))
                .route("PUT", "/items/:id", false, ctx -> ctx.text("put " + ctx.param("id") + " " + ctx.header("X-Client")
                        + " " + ctx.header("Content-Type") + " " + ctx.bodyText()))
                .route("DELETE", "/things/:id", false, ctx -> ctx.status(204))
                .get("/me", ctx -> ctx.text("session=" + ctx.cookie("session")))
                .build();
        long start = System.nanoTime();
        try (RunningServer api = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).start()) {
            String apiOrigin = "http://127.0.0.1:" + api.port();
            pages.createContext("/", exchange -> {
                switch (exchange.getRequestURI().getPath()) {
                    case "/" -> send(exchange, "text/html", page(apiOrigin, "http://localhost:" + pagePort),
                            "session=s3cret; Path=/; SameSite=Lax");
                    case "/other.html" -> send(exchange, "text/html", otherPage(apiOrigin), null);
                    case "/written" -> {
                        written.countDown();
                        send(exchange, "text/plain", "ok", null);
                    }
                    case "/hold" -> { // the page's load event waits for this
                        await(written);
                        send(exchange, "image/gif", "", null);
                    }
                    default -> send(exchange, "text/plain", "", null);
                }
            });
            Map<String, String> outcomes = dumpOutcomes(pageOrigin + "/");
            System.out.println("CorsBrowserTest: the page wrote " + outcomes + "; the service saw " + seen);

            assertEquals("200 {\"id\":\"7\"} version=3", outcomes.get("simple"),
                    "a GET needs no preflight; the exposed header is readable");
            assertEquals("200 put 7 page application/json {\"title\":\"x\"}", outcomes.get("preflighted"),
                    "PUT with JSON and a custom header, after an approved preflight");
            assertEquals("200 session=s3cret", outcomes.get("credentialed"), "the cookie went, the answer was readable");
            assertEquals("204", outcomes.get("deleteElsewhere"), "DELETE is allowed where a route has it");
            assertEquals("blocked: TypeError", outcomes.get("methodNotRouted"),
                    "DELETE is allowed by the configuration, but /items/7 has no DELETE route");
            assertEquals("blocked: TypeError", outcomes.get("headerNotAllowed"));
            assertEquals("blocked: TypeError", outcomes.get("unknownPath"), "its preflight is the server's 404");
            assertEquals("blocked: TypeError", outcomes.get("otherOrigin"), "http://localhost:P is not allowed");

            assertTrue(seen.contains("OPTIONS /items/7 204"), seen.toString());
            assertTrue(seen.indexOf("PUT /items/7 200") > seen.indexOf("OPTIONS /items/7 204"), "preflight first: " + seen);
            assertTrue(seen.contains("DELETE /things/8 204"), seen.toString());
            assertFalse(seen.stream().anyMatch(s -> s.startsWith("DELETE /items/")), "never sent: " + seen);
            assertFalse(seen.stream().anyMatch(s -> s.endsWith("+x-secret")), "never sent: " + seen);
            assertTrue(seen.contains("OPTIONS /nowhere 404"), seen.toString());
            assertFalse(seen.stream().anyMatch(s -> s.startsWith("PUT /nowhere")), "never sent: " + seen);
        } finally {
            pages.stop(0);
            pageThreads.shutdownNow();
        }
        System.out.printf("CorsBrowserTest: Chromium and both servers took %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The page of the allowed origin: every attempt in turn, then the other origin's through an iframe. */
    private static String page(String api, String otherOrigin) {
        return """
                <!doctype html><html><body><ul id="results"></ul>
                <img src="/hold" alt="">
                <script>
                const api = '%s';
                function show(name, text) {
                  const li = document.createElement('li');
                  li.id = name;
                  li.textContent = text;
                  document.getElementById('results').appendChild(li);
                }
                async function attempt(name, run) {
                  try { show(name, await run()); } catch (e) { show(name, 'blocked: ' + e.name); }
                }
                (async () => {
                  await attempt('simple', async () => {
                    const r = await fetch(api + '/items/7');
                    return r.status + ' ' + await r.text() + ' version=' + r.headers.get('X-Item-Version');
                  });
                  await attempt('preflighted', async () => {
                    const r = await fetch(api + '/items/7', {method: 'PUT',
                        headers: {'Content-Type': 'application/json', 'X-Client': 'page'}, body: JSON.stringify({title: 'x'})});
                    return r.status + ' ' + await r.text();
                  });
                  await attempt('credentialed', async () => {
                    const r = await fetch(api + '/me', {credentials: 'include'});
                    return r.status + ' ' + await r.text();
                  });
                  await attempt('deleteElsewhere', async () => (await fetch(api + '/things/8', {method: 'DELETE'})).status + '');
                  await attempt('methodNotRouted', async () => (await fetch(api + '/items/7', {method: 'DELETE'})).status + '');
                  await attempt('headerNotAllowed', async () =>
                      (await fetch(api + '/items/7', {headers: {'X-Secret': 'no'}})).status + '');
                  await attempt('unknownPath', async () =>
                      (await fetch(api + '/nowhere', {method: 'PUT', headers: {'Content-Type': 'application/json'}})).status + '');
                  const other = await new Promise(resolve => {
                    window.addEventListener('message', e => resolve(e.data));
                    const frame = document.createElement('iframe');
                    frame.src = '%s/other.html';
                    document.body.appendChild(frame);
                    setTimeout(() => resolve('no answer from the other origin'), 10000);
                  });
                  show('otherOrigin', other);
                  await fetch('/written');
                })();
                </script></body></html>
                """.formatted(api, otherOrigin);
    }

    /** The page of an origin the service does not allow, framed by the first; it reports to its parent. */
    private static String otherPage(String api) {
        return """
                <!doctype html><html><body><script>
                fetch('%s/items/7').then(r => r.text()).then(
                    text => parent.postMessage('read: ' + text, '*'),
                    e => parent.postMessage('blocked: ' + e.name, '*'));
                </script></body></html>
                """.formatted(api);
    }

    /** Runs headless Chromium on {@code url} and returns the outcomes the page wrote, by name. */
    private static Map<String, String> dumpOutcomes(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("kiln-chromium");
        Path errors = Files.createTempFile("kiln-chromium", ".log");
        try {
            // The flags that make Chromium work on a machine without a display, a sandbox or a network beyond loopback.
            Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", url)
                    .redirectError(errors.toFile())
                    .start();
            String dom;
            try (InputStream out = chromium.getInputStream()) {
                dom = new String(out.readAllBytes(), StandardCharsets.UTF_8); // until Chromium closes it, at exit
            }
            if (!chromium.waitFor(30, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                fail("Chromium did not finish within 30 s");
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            Matcher m = OUTCOME.matcher(dom);
            while (m.find()) outcomes.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
            if (outcomes.size() < 8) {
                fail("Chromium exited with " + chromium.exitValue() + " and the page wrote " + outcomes + "; its DOM:\n" + dom
                        + "\nits log, last lines:\n" + tail(errors));
            }
            return outcomes;
        } finally {
            deleteTree(profile);
            Files.deleteIfExists(errors);
        }
    }

    /** Whether Chromium is there, after installing it with {@code .ci/install-chromium} if it was not and may be. */
    private static boolean chromiumIsThere() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM)) return true;
        Path script = Paths.get("..", ".ci", "install-chromium");
        if (Boolean.parseBoolean(System.getProperty("kiln.chromium.install", "true")) && Files.isExecutable(script)) {
            System.out.println("CorsBrowserTest: no Chromium at " + CHROMIUM + "; running " + script);
            Process install = new ProcessBuilder(script.toString()).inheritIO().start();
            if (!install.waitFor(5, TimeUnit.MINUTES)) install.destroyForcibly();
        }
        return Files.isExecutable(CHROMIUM);
    }

    private static void send(HttpExchange exchange, String type, String body, String cookie) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (cookie != null) exchange.getResponseHeaders().set("Set-Cookie", cookie);
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS); // then the page loads anyway, and the test says what it lacked
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
