package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.server.RunningServer;
import dev.kiln.test.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code /todos} resource over a real socket: the whole flow, the requests binding turns away, and many
 * clients creating at once. Each test gets its own server, and so its own empty store.
 */
class TodoApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern TODO = Pattern.compile("\\{\"id\":(\\d+),\"title\":\"([^\"]*)\",\"done\":(true|false)}");

    private RunningServer server;
    private HttpClient client;

    @BeforeEach
    void start() {
        server = SampleApp.start(0, "t");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(to(path));
    }

    private HttpResponse<String> json(String method, String path, String body) throws IOException, InterruptedException {
        return send(to(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> create(String title) throws IOException, InterruptedException {
        return json("POST", "/todos", "{\"title\":\"" + title + "\"}");
    }

    private static String todo(long id, String title, boolean done) {
        return "{\"id\":" + id + ",\"title\":\"" + title + "\",\"done\":" + done + "}";
    }

    /** The 400 for a JSON body that could not be read, with why. */
    private static Problem badBody(String param, String expected, String reason) {
        return Problem.of(400, "body parameter '" + param + "': expected " + expected + " (" + reason + ")",
                List.of(new Problem.Error(param, "body", expected, reason)));
    }

    /** The 400 for values that break their constraints. */
    private static Problem invalid(Problem.Error... violations) {
        return Problem.of(400, violations.length == 1 ? "1 value is invalid" : violations.length + " values are invalid",
                List.of(violations));
    }

    /** The 400 for a parameter that is missing or does not convert. */
    private static Problem badRequest(String param, String in, String expected) {
        return Problem.of(400, in + " parameter '" + param + "': expected " + expected,
                List.of(new Problem.Error(param, in, expected, null)));
    }

    private static void assertJson(int status, String body, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), () -> r.request().method() + " " + r.uri() + ": " + r.body());
        assertEquals(body, r.body(), () -> r.request().method() + " " + r.uri());
    }

    /** An error Kiln produced: {@code application/problem+json} saying {@code problem}. */
    private static void assertJson(int status, Problem problem, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), () -> r.request().method() + " " + r.uri() + ": " + r.body());
        assertEquals("application/problem+json", contentType(r), () -> r.request().method() + " " + r.uri());
        assertEquals(problem, Problems.read(r.body()), () -> r.request().method() + " " + r.uri());
    }

    private static String contentType(HttpResponse<String> r) {
        return r.headers().firstValue("content-type").orElse(null);
    }

    // ---- the flow ------------------------------------------------------------------------------------------

    @Test
    void createGetListUpdateDelete() throws Exception {
        HttpResponse<String> created = create("milk");
        assertJson(201, todo(1, "milk", false), created);
        assertEquals("/todos/1", created.headers().firstValue("location").orElseThrow());
        assertEquals("application/json", contentType(created));
        assertTrue(created.headers().firstValue("x-request-id").isPresent(), "the resource's chain runs RequestId");

        HttpResponse<String> second = json("POST", "/todos", "{\"title\":\"bread\",\"done\":true}");
        assertJson(201, todo(2, "bread", true), second);
        assertEquals("/todos/2", second.headers().firstValue("location").orElseThrow());
        assertJson(201, todo(3, "eggs", false), create("eggs"));

        HttpResponse<String> got = get("/todos/2");
        assertJson(200, todo(2, "bread", true), got);
        assertEquals("application/json", contentType(got));

        assertAll(
                () -> assertJson(200, "[" + todo(1, "milk", false) + "," + todo(2, "bread", true) + "," + todo(3, "eggs", false) + "]",
                        get("/todos")),
                () -> assertJson(200, "[" + todo(1, "milk", false) + "," + todo(3, "eggs", false) + "]", get("/todos?done=false")),
                () -> assertJson(200, "[" + todo(2, "bread", true) + "]", get("/todos?done=TRUE")),
                () -> assertJson(200, "[" + todo(1, "milk", false) + "]", get("/todos?limit=1")),
                () -> assertJson(200, "[" + todo(2, "bread", true) + "]", get("/todos?limit=1&offset=1")),
                () -> assertJson(200, "[" + todo(3, "eggs", false) + "]", get("/todos?done=false&offset=1")),
                () -> assertJson(200, "[]", get("/todos?offset=3")),
                () -> assertJson(200, "[]", get("/todos?done=true&offset=1&limit=100")));

        assertJson(200, todo(1, "milk", true), json("PUT", "/todos/1", "{\"done\":true}"));
        assertJson(200, todo(1, "oat milk", true), json("PUT", "/todos/1", "{\"title\":\"oat milk\"}"));
        assertJson(200, todo(1, "oat milk", true), get("/todos/1"));
        assertJson(200, "[" + todo(1, "oat milk", true) + "," + todo(2, "bread", true) + "]", get("/todos?done=true"));

        HttpResponse<String> deleted = send(to("/todos/1").DELETE());
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());

        assertJson(404, "{\"error\":\"not_found\"}", get("/todos/1"));
        assertJson(404, "{\"error\":\"not_found\"}", send(to("/todos/1").DELETE()));
        assertJson(404, "{\"error\":\"not_found\"}", json("PUT", "/todos/1", "{\"done\":false}"));
        assertJson(200, "[" + todo(2, "bread", true) + "," + todo(3, "eggs", false) + "]", get("/todos"));
        assertJson(201, todo(4, "jam", false), create("jam")); // ids are never reused
    }

    @Test
    void preferReturnMinimalLeavesTheBodyOut() throws Exception {
        HttpResponse<String> r = send(to("/todos").header("Content-Type", "application/json").header("Prefer", "return=minimal")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"quiet\"}")));
        assertEquals(201, r.statusCode());
        assertEquals("", r.body());
        assertEquals("/todos/1", r.headers().firstValue("location").orElseThrow());
        assertJson(200, todo(1, "quiet", false), get("/todos/1"));
    }

    // ---- turned away ---------------------------------------------------------------------------------------

    @Test
    void malformedQueryAndPathValuesAre400() throws Exception {
        create("one");
        assertAll(
                () -> assertJson(400, badRequest("limit", "query", "int"), get("/todos?limit=abc")),
                () -> assertJson(400, badRequest("offset", "query", "int"), get("/todos?offset=-")),
                () -> assertJson(400, badRequest("done", "query", "boolean"), get("/todos?done=maybe")),
                () -> assertJson(400, badRequest("id", "path", "long"), get("/todos/zz")),
                () -> assertJson(400, badRequest("id", "path", "long"), send(to("/todos/1.5").DELETE())),
                () -> assertJson(400, badRequest("id", "path", "long"), json("PUT", "/todos/x", "{\"done\":true}")));
        HttpResponse<String> r = get("/todos?limit=abc");
        assertEquals("application/problem+json", contentType(r));
    }

    @Test
    void limitAndOffsetOutOfRangeAre400() throws Exception {
        Problem.Error low = new Problem.Error("limit", "query", null, "must be greater than or equal to 1");
        Problem.Error high = new Problem.Error("limit", "query", null, "must be less than or equal to 100");
        Problem.Error offset = new Problem.Error("offset", "query", null, "must be greater than or equal to 0");
        assertAll(
                () -> assertJson(400, invalid(low), get("/todos?limit=0")),
                () -> assertJson(400, invalid(high), get("/todos?limit=101")),
                () -> assertJson(400, invalid(low), get("/todos?limit=-1")),
                () -> assertJson(400, invalid(offset), get("/todos?offset=-1")),
                () -> assertJson(400, invalid(low, offset), get("/todos?limit=0&offset=-5")),
                () -> assertJson(200, "[]", get("/todos?limit=100&offset=0")),
                () -> assertJson(200, "[]", get("/todos?limit=1")));
    }

    @Test
    void aLongListIsSentGzippedToAClientThatAcceptsIt() throws Exception {
        for (int i = 0; i < 40; i++) assertEquals(201, create("todo number " + i).statusCode());
        HttpResponse<byte[]> r = client.send(to("/todos?limit=100").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("content-encoding").orElse(null));
        assertEquals("Accept-Encoding", r.headers().firstValue("vary").orElse(null));
        String list;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(40, list.split("\"id\":").length - 1, list);
        assertTrue(r.body().length < list.length() / 3, "compressed to " + r.body().length + " of " + list.length());
        assertNull(get("/todos?limit=1").headers().firstValue("content-encoding").orElse(null), "too short to compress");
    }

    @Test
    void badBodiesAre400And415AndStoreNothing() throws Exception {
        Problem blank = invalid(new Problem.Error("title", "body", null, "must not be blank"));
        assertAll(
                () -> assertJson(400, blank, json("POST", "/todos", "{\"title\":\"   \"}")),
                () -> assertJson(400, blank, json("POST", "/todos", "{\"title\":\"\"}")),
                () -> assertJson(400, blank, json("POST", "/todos", "{\"done\":true}")),
                () -> assertJson(400, invalid(new Problem.Error("title", "body", null, "size must be between 0 and 2000")),
                        json("POST", "/todos", "{\"title\":\"" + "x".repeat(2001) + "\"}")),
                () -> assertJson(400, invalid(new Problem.Error("title", "body", null, "size must be between 1 and 2000")),
                        json("PUT", "/todos/1", "{\"title\":\"\"}")),
                () -> assertJson(400, badBody("todo", "NewTodo", "malformed JSON at line 1, column 10: the document ends"
                        + " before a value"), json("POST", "/todos", "{\"title\":")),
                () -> assertJson(400, badBody("todo", "NewTodo", "malformed JSON at line 1, column 1: expected a JSON"
                        + " value (true, or text in double quotes)"), json("POST", "/todos", "title=milk")),
                () -> assertJson(400, badBody("todo", "NewTodo", "field done: expected true or false at line 1,"
                        + " column 21"), json("POST", "/todos", "{\"title\":\"a\",\"done\":\"yes\"}")),
                () -> assertJson(400, badBody("todo", "NewTodo", "empty body"), json("POST", "/todos", "")),
                () -> assertJson(400, badBody("todo", "NewTodo", "empty body"),
                        send(to("/todos").POST(HttpRequest.BodyPublishers.noBody()))),
                () -> assertJson(400, badBody("patch", "TodoPatch", "expected an object at line 1, column 1"),
                        json("PUT", "/todos/1", "[]")));

        HttpResponse<String> text = send(to("/todos").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"milk\"}")));
        assertJson(415, Problem.of(415, "body of type text/plain: expected application/json"), text);

        HttpResponse<String> form = send(to("/todos/1").header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString("done=true")));
        assertJson(415, Problem.of(415, "body of type application/x-www-form-urlencoded; charset=UTF-8: expected"
                + " application/json"), form);

        assertJson(200, "[]", get("/todos"));
        assertJson(201, todo(1, "first", false), create("first")); // no id was spent on a rejected request
    }

    @Test
    void aJsonMediaTypeWithParametersOrASuffixIsAccepted() throws Exception {
        HttpResponse<String> r = send(to("/todos").header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"caf\u00e9\"}", StandardCharsets.UTF_8)));
        assertJson(201, todo(1, "caf\u00e9", false), r);
        HttpResponse<String> vendor = send(to("/todos/1").header("Content-Type", "application/vnd.todo+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"done\":true}")));
        assertJson(200, todo(1, "caf\u00e9", true), vendor);
    }

    // ---- concurrency ---------------------------------------------------------------------------------------

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentCreatesLoseNothingAndShareNoId() throws Exception {
        int threads = 16;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<String> bodies = new ArrayList<>();
                    for (int k = 0; k < perThread; k++) {
                        HttpResponse<String> r = create("t" + thread + "-" + k);
                        assertEquals(201, r.statusCode(), r.body());
                        Matcher m = TODO.matcher(r.body());
                        assertTrue(m.matches(), r.body());
                        assertEquals("/todos/" + m.group(1), r.headers().firstValue("location").orElseThrow());
                        assertEquals("t" + thread + "-" + k, m.group(2));
                        bodies.add(r.body());
                    }
                    return bodies;
                }));
            }
            go.countDown();
            TreeMap<Long, String> created = new TreeMap<>();
            for (Future<List<String>> f : results) {
                for (String body : f.get(90, TimeUnit.SECONDS)) {
                    Matcher m = TODO.matcher(body);
                    assertTrue(m.matches());
                    String before = created.put(Long.parseLong(m.group(1)), m.group(2));
                    assertNull(before, "id " + m.group(1) + " given to two todos");
                }
            }
            int total = threads * perThread;
            assertEquals(total, created.size(), "distinct ids");
            assertEquals(1L, created.firstKey());
            assertEquals((long) total, created.lastKey(), "ids are dense: none was lost");

            // Every todo is listed, in id order, with the title it was created with.
            TreeMap<Long, String> listed = new TreeMap<>();
            List<Long> order = new ArrayList<>();
            for (int offset = 0; offset < total + 100; offset += 100) {
                HttpResponse<String> page = get("/todos?limit=100&offset=" + offset);
                assertEquals(200, page.statusCode());
                Matcher m = TODO.matcher(page.body());
                while (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    order.add(id);
                    listed.put(id, m.group(2));
                }
            }
            assertEquals(created, listed);
            assertEquals(total, order.size(), "each todo listed once");
            List<Long> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertEquals(sorted, order, "listed in id order");
            Set<String> titles = new TreeSet<>(created.values());
            assertEquals(total, titles.size(), "every title once");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "client threads ended");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentUpdatesAndDeletesKeepEveryTodoWhole() throws Exception {
        int todos = 40;
        for (int k = 0; k < todos; k++) assertEquals(201, create("item" + k).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        try {
            // Four threads flip "done" on every todo; four rename every other one; then the odd ones are deleted.
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 5; round++) {
                        for (long id = 1; id <= todos; id++) {
                            HttpResponse<String> r = thread < 4
                                    ? json("PUT", "/todos/" + id, "{\"done\":" + (round % 2 == 0) + "}")
                                    : id % 2 == 0 ? json("PUT", "/todos/" + id, "{\"title\":\"renamed" + id + "\"}")
                                    : get("/todos/" + id);
                            assertEquals(200, r.statusCode(), r.body());
                            assertTrue(TODO.matcher(r.body()).matches(), r.body());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) f.get(90, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "client threads ended");
        }
        for (long id = 1; id <= todos; id += 2) assertEquals(204, send(to("/todos/" + id).DELETE()).statusCode());
        HttpResponse<String> list = get("/todos?limit=100");
        Matcher m = TODO.matcher(list.body());
        List<Long> ids = new ArrayList<>();
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            ids.add(id);
            assertEquals("renamed" + id, m.group(2), "a rename racing with done-flips must not be lost");
        }
        assertEquals(todos / 2, ids.size());
        assertFalse(ids.stream().anyMatch(id -> id % 2 == 1), "deleted todos are gone");
    }
}
