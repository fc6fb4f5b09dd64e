package dev.kiln.realworld;

import dev.kiln.realworld.auth.Jwt;
import dev.kiln.realworld.db.Database;
import dev.kiln.server.RunningServer;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The application on a real PostgreSQL for the tests of this module: embedded (started once per test JVM, stopped
 * when it exits), or the one {@code DATABASE_URL} names. The server listens on an ephemeral port; its tokens are
 * signed with {@link #SECRET}, so that tests can make expired ones.
 */
final class TestServer {
    /** The JWT secret of the server under test. */
    static final byte[] SECRET = "the secret of the realworld tests, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    private static final JsonType<Object> JSON = Jsonb.builder().build().type(Object.class);
    private static TestServer instance;

    final Database db;
    final RunningServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Database db, RunningServer server) {
        this.db = db;
        this.server = server;
    }

    /** The one server of this JVM, started on first use. */
    static synchronized TestServer get() throws SQLException {
        if (instance == null) {
            Database db = Database.open(System.getenv("DATABASE_URL"), 4);
            RunningServer server = RealWorldApp.server(RealWorldApp.routes(db.dataSource(), new Jwt(SECRET), "*"))
                    .port(0).printRoutes(false).start();
            instance = new TestServer(db, server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                db.close();
            }, "realworld-test-shutdown"));
        }
        return instance;
    }

    /** An answer: status, body text, and the body parsed (null when it is empty). */
    record Answer(int status, String body, Object json, HttpResponse<String> raw) {
        /** {@code json} as an object. */
        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) json;
        }

        /** The value at {@code path} (object keys and list indexes, such as {@code "article", "tagList", 0}). */
        Object at(Object... path) {
            Object value = json;
            for (Object step : path) {
                if (step instanceof Integer i) {
                    value = ((java.util.List<?>) value).get(i);
                } else {
                    value = ((Map<?, ?>) value).get(step);
                }
            }
            return value;
        }
    }

    /** Sends {@code method path} (under {@code /api}) with a JSON body (or none) and a token (or none). */
    Answer call(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api" + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Token " + token);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            Object parsed = body.isEmpty() ? null : JSON.fromJson(body);
            return new Answer(response.statusCode(), body, parsed, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String token) {
        return call("GET", path, null, token);
    }

    Answer get(String path) {
        return call("GET", path, null, null);
    }
}
