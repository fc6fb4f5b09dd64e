package dev.kiln.realworld;

import static dev.kiln.realworld.ConduitApiTest.article;
import static dev.kiln.realworld.ConduitApiTest.register;
import static dev.kiln.realworld.ConduitApiTest.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.realworld.TestServer.Answer;
import dev.kiln.realworld.auth.Jwt;
import dev.kiln.test.LeakRecorder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input beyond the spec's collection: SQL metacharacters, forged and expired tokens, other users' articles,
 * values PostgreSQL refuses, malformed bodies. Each gets a 4xx in the spec's error shape, never a 500.
 */
class BadInputTest {
    private static final String SQL = "x' OR '1'='1'; DROP TABLE articles; --";
    private static TestServer app;

    @BeforeAll
    static void start() throws Exception {
        app = TestServer.get();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Asserts a 4xx (one of {@code statuses}) with the spec's {"errors":{...}} body. */
    private static void refused(Answer answer, Integer... statuses) {
        assertTrue(List.of(statuses).contains(answer.status()), answer.status() + " " + answer.body());
        assertTrue(answer.json() instanceof Map<?, ?> m && m.get("errors") instanceof Map<?, ?> errors && !errors.isEmpty(),
                answer.body());
    }

    @Test
    void sqlMetacharactersInSlugsTagsAndNamesAreJustText() {
        refused(app.get("/articles/" + q(SQL)), 404);
        refused(app.get("/articles/" + q(SQL) + "/comments"), 404);
        refused(app.get("/profiles/" + q(SQL)), 404);
        Answer byTag = app.get("/articles?tag=" + q(SQL));
        assertEquals(200, byTag.status());
        assertEquals(0L, ((Number) byTag.at("articlesCount")).longValue());
        assertEquals(200, app.get("/articles?author=" + q(SQL) + "&favorited=" + q(SQL)).status());

        String token = register(app, uniqueName("quoted"));
        Answer created = app.call("POST", "/articles", "{\"article\":{\"title\":\"" + SQL.replace("\"", "\\\"")
                + "\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\"" + SQL + "\"]}}", token);
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.at("article", "slug");
        assertTrue(slug.matches("[a-z0-9-]+"), slug);
        assertEquals(List.of(SQL), created.at("article", "tagList"), "a tag is stored as it was sent");
        Answer found = app.get("/articles?tag=" + q(SQL));
        assertEquals(slug, found.at("articles", 0, "slug"));
        assertEquals(SQL, app.get("/articles/" + slug).at("article", "title"));
    }

    @Test
    void aForgedTokenIs401() {
        String name = uniqueName("forged");
        String token = register(app, name);
        String[] parts = token.split("\\.");
        String otherKey = new Jwt("another secret, also 32 bytes or more".getBytes(StandardCharsets.UTF_8)).sign(1);
        String payloadOfAnother = parts[0] + "." + base64("{\"sub\":\"1\",\"iat\":0,\"exp\":99999999999}") + "." + parts[2];
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        for (String forged : List.of(otherKey, payloadOfAnother, none, "abc", "a.b.c", token + "x", "")) {
            refused(app.get("/user", forged), 401);
            refused(app.get("/articles", forged), 401); // optional authentication: a bad token is still refused
        }
        Answer other = app.call("GET", "/user", null, null);
        refused(other, 401);
        assertEquals("Token", other.raw().headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void anExpiredTokenIs401() {
        register(app, uniqueName("expired")); // the user exists; the token naming them is too old
        Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC);
        String expired = new Jwt(TestServer.SECRET, Duration.ofDays(7), lastYear).sign(1);
        Answer answer = app.get("/user", expired);
        refused(answer, 401);
        assertEquals(List.of("is invalid or expired"), answer.at("errors", "token"));
    }

    @Test
    void aValidTokenForAUserWhoIsNotThereIs401() {
        refused(app.get("/user", new Jwt(TestServer.SECRET).sign(Long.MAX_VALUE)), 401);
    }

    @Test
    void valuesPostgresRefusesAre422() {
        refused(app.get("/articles?tag=%00"), 422);
        String token = register(app, uniqueName("nul"));
        refused(app.call("POST", "/articles", "{\"article\":{\"title\":\"a\\u0000b\",\"description\":\"d\",\"body\":\"b\"}}", token), 422);
    }

    @Test
    void tooLongAndOutOfRangeValuesAre422() {
        String token = register(app, uniqueName("long"));
        String longTitle = "t".repeat(10_000);
        refused(app.call("POST", "/articles", "{\"article\":{\"title\":\"" + longTitle + "\",\"description\":\"d\",\"body\":\"b\"}}", token), 422);
        refused(app.call("POST", "/articles", "{\"article\":{\"title\":\"ok\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\""
                + "g".repeat(5_000) + "\"]}}", token), 422);
        refused(app.call("POST", "/users", "{\"user\":{\"username\":\"" + "u".repeat(5_000) + "\",\"email\":\"a@b\",\"password\":\"p\"}}", null), 422);
        refused(app.get("/articles?limit=-1"), 422);
        refused(app.get("/articles?limit=1000"), 422);
        refused(app.get("/articles?offset=-5"), 422);
        refused(app.get("/articles?limit=abc"), 400);
        refused(app.get("/articles?limit=99999999999"), 400);
    }

    @Test
    void malformedBodiesAre4xxInTheSpecsShape() {
        String token = register(app, uniqueName("malformed"));
        refused(app.call("POST", "/users", "{\"user\":", null), 400);
        refused(app.call("POST", "/users", "[1,2]", null), 400);
        refused(app.call("POST", "/articles", "{\"article\":{\"title\":\"t\",\"tagList\":\"not a list\"}}", token), 400);
        refused(app.call("POST", "/articles", "{\"article\":null}", token), 422);
        refused(app.call("PUT", "/user", "{\"user\":{\"email\":\"no at sign\"}}", token), 422);
        refused(app.call("PUT", "/user", "{\"user\":{\"username\":\"\"}}", token), 422);
    }

    @Test
    void missingThingsAre404AndOtherUsersThings403() {
        String owner = register(app, uniqueName("owner"));
        String other = register(app, uniqueName("other"));
        String slug = article(app, owner, "Owned");
        refused(app.call("DELETE", "/articles/" + slug, null, other), 403);
        refused(app.call("PUT", "/articles/" + slug, "{\"article\":{\"title\":\"Mine now\"}}", other), 403);
        refused(app.call("POST", "/articles/nope-" + uniqueName("") + "/favorite", null, other), 404);
        refused(app.call("POST", "/articles/nope-" + uniqueName("") + "/comments", "{\"comment\":{\"body\":\"x\"}}", other), 404);
        refused(app.call("DELETE", "/articles/" + slug + "/comments/abc", null, other), 400);
        refused(app.call("POST", "/profiles/" + uniqueName("ghost") + "/follow", null, other), 404);
        refused(app.get("/no/such/route"), 404);
        refused(app.call("DELETE", "/tags", null, null), 405);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
