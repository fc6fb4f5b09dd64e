package dev.kiln.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.realworld.TestServer.Answer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API end to end over HTTP, on a real PostgreSQL: what the spec asks of each resource. */
class ConduitApiTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static TestServer app;

    @BeforeAll
    static void start() throws Exception {
        app = TestServer.get();
    }

    /** A new user's name, unique in this run and across runs on the same database. */
    static String uniqueName(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36) + SEQUENCE.incrementAndGet();
    }

    /** Registers a user named {@code name} (password "secret-" + name); returns the token. */
    static String register(TestServer app, String name) {
        Answer r = app.call("POST", "/users", "{\"user\":{\"username\":\"" + name + "\",\"email\":\"" + name
                + "@example.com\",\"password\":\"secret-" + name + "\"}}", null);
        assertEquals(201, r.status(), r.body());
        return (String) r.at("user", "token");
    }

    /** Creates an article as {@code token}; returns its slug. */
    static String article(TestServer app, String token, String title, String... tags) {
        StringBuilder tagList = new StringBuilder();
        for (String tag : tags) tagList.append(tagList.length() == 0 ? "" : ",").append('"').append(tag).append('"');
        Answer r = app.call("POST", "/articles", "{\"article\":{\"title\":\"" + title + "\",\"description\":\"d\","
                + "\"body\":\"b\",\"tagList\":[" + tagList + "]}}", token);
        assertEquals(201, r.status(), r.body());
        return (String) r.at("article", "slug");
    }

    @Test
    void registerLoginAndTheCurrentUser() {
        String name = uniqueName("jake");
        Answer registered = app.call("POST", "/users", "{\"user\":{\"username\":\"" + name + "\",\"email\":\"" + name
                + "@Example.com\",\"password\":\"jakejake\"}}", null);
        assertEquals(201, registered.status(), registered.body());
        assertEquals(name, registered.at("user", "username"));
        assertTrue(registered.map().get("user") instanceof Map<?, ?> user && user.containsKey("bio") && user.get("bio") == null,
                "bio is there, as null: " + registered.body());

        Answer login = app.call("POST", "/users/login",
                "{\"user\":{\"email\":\"" + name + "@example.com\",\"password\":\"jakejake\"}}", null); // email in any case
        assertEquals(200, login.status(), login.body());
        String token = (String) login.at("user", "token");

        Answer me = app.get("/user", token);
        assertEquals(200, me.status());
        assertEquals(name + "@Example.com", me.at("user", "email"));
        assertEquals(token, me.at("user", "token"));

        Answer updated = app.call("PUT", "/user", "{\"user\":{\"bio\":\"I like to skateboard\",\"image\":\"https://i.example/x.jpg\"}}", token);
        assertEquals(200, updated.status(), updated.body());
        assertEquals("I like to skateboard", updated.at("user", "bio"));
        assertEquals(name, updated.at("user", "username"), "fields not sent stay as they were");

        Answer newPassword = app.call("PUT", "/user", "{\"user\":{\"password\":\"new-password\"}}", token);
        assertEquals(200, newPassword.status());
        assertEquals(401, app.call("POST", "/users/login",
                "{\"user\":{\"email\":\"" + name + "@example.com\",\"password\":\"jakejake\"}}", null).status());
        assertEquals(200, app.call("POST", "/users/login",
                "{\"user\":{\"email\":\"" + name + "@example.com\",\"password\":\"new-password\"}}", null).status());
    }

    @Test
    void registrationRefusesBlankAndTakenFieldsWith422() {
        Answer blank = app.call("POST", "/users", "{\"user\":{\"username\":\" \",\"email\":\"nobody\"}}", null);
        assertEquals(422, blank.status());
        assertEquals(List.of("can't be blank"), blank.at("errors", "username"));
        assertEquals(List.of("is invalid"), blank.at("errors", "email"));
        assertEquals(List.of("can't be blank"), blank.at("errors", "password"));

        String name = uniqueName("taken");
        register(app, name);
        Answer sameName = app.call("POST", "/users",
                "{\"user\":{\"username\":\"" + name + "\",\"email\":\"other" + name + "@example.com\",\"password\":\"p\"}}", null);
        assertEquals(422, sameName.status());
        assertEquals(List.of("has already been taken"), sameName.at("errors", "username"));
        Answer sameEmail = app.call("POST", "/users",
                "{\"user\":{\"username\":\"other" + name + "\",\"email\":\"" + name.toUpperCase() + "@example.com\",\"password\":\"p\"}}", null);
        assertEquals(422, sameEmail.status());
        assertEquals(List.of("has already been taken"), sameEmail.at("errors", "email"));

        Answer noUser = app.call("POST", "/users", "{}", null);
        assertEquals(422, noUser.status());
        assertEquals(List.of("can't be blank"), noUser.at("errors", "user"));
    }

    @Test
    void aWrongPasswordOrUnknownEmailIs401() {
        String name = uniqueName("login");
        register(app, name);
        Answer wrong = app.call("POST", "/users/login",
                "{\"user\":{\"email\":\"" + name + "@example.com\",\"password\":\"wrong\"}}", null);
        assertEquals(401, wrong.status());
        assertEquals(List.of("is invalid"), wrong.at("errors", "email or password"));
        assertEquals(401, app.call("POST", "/users/login",
                "{\"user\":{\"email\":\"nobody-" + name + "@example.com\",\"password\":\"x\"}}", null).status());
    }

    @Test
    void articlesCanBeCreatedReadUpdatedFavoritedAndDeleted() {
        String token = register(app, uniqueName("author"));
        Answer created = app.call("POST", "/articles", "{\"article\":{\"title\":\"How to train your dragon\","
                + "\"description\":\"Ever wonder how?\",\"body\":\"You have to believe\",\"tagList\":[\"training\",\"dragons\"]}}", token);
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.at("article", "slug");
        assertTrue(slug.startsWith("how-to-train-your-dragon"), slug);
        assertEquals(List.of("dragons", "training"), created.at("article", "tagList"), "tags in alphabetical order");
        assertTrue(((String) created.at("article", "createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                created.body());
        assertEquals(false, created.at("article", "favorited"));
        assertEquals(0L, ((Number) created.at("article", "favoritesCount")).longValue());

        Answer anonymous = app.get("/articles/" + slug);
        assertEquals(200, anonymous.status());
        assertEquals("You have to believe", anonymous.at("article", "body"));

        Answer updated = app.call("PUT", "/articles/" + slug, "{\"article\":{\"title\":\"Did you train your dragon?\"}}", token);
        assertEquals(200, updated.status(), updated.body());
        String newSlug = (String) updated.at("article", "slug");
        assertTrue(newSlug.startsWith("did-you-train-your-dragon"), newSlug);
        assertEquals("You have to believe", updated.at("article", "body"), "fields not sent stay");
        assertEquals(404, app.get("/articles/" + slug).status(), "the old slug is gone");

        Answer favorited = app.call("POST", "/articles/" + newSlug + "/favorite", null, token);
        assertEquals(200, favorited.status());
        assertEquals(true, favorited.at("article", "favorited"));
        assertEquals(1L, ((Number) favorited.at("article", "favoritesCount")).longValue());
        Answer again = app.call("POST", "/articles/" + newSlug + "/favorite", null, token);
        assertEquals(1L, ((Number) again.at("article", "favoritesCount")).longValue(), "favoriting twice counts once");
        Answer unfavorited = app.call("DELETE", "/articles/" + newSlug + "/favorite", null, token);
        assertEquals(false, unfavorited.at("article", "favorited"));
        assertEquals(0L, ((Number) unfavorited.at("article", "favoritesCount")).longValue());

        assertEquals(204, app.call("DELETE", "/articles/" + newSlug, null, token).status());
        assertEquals(404, app.get("/articles/" + newSlug).status());
    }

    @Test
    void twoArticlesWithOneTitleGetTwoSlugs() {
        String token = register(app, uniqueName("twice"));
        String title = "Same title " + uniqueName("");
        String first = article(app, token, title);
        String second = article(app, token, title);
        assertNotEquals(first, second);
        assertTrue(second.startsWith(first + "-"), second);
        Answer retitled = app.call("PUT", "/articles/" + second, "{\"article\":{\"title\":\"" + title.toUpperCase() + "!\"}}", token);
        assertEquals(second, retitled.at("article", "slug"), "a title that makes the same slug keeps the slug");
    }

    @Test
    void listsFilterPageAndCount() {
        String author = uniqueName("lister");
        String token = register(app, author);
        String tag = uniqueName("tag");
        for (int i = 0; i < 5; i++) article(app, token, "Listed " + i, tag, "common");

        Answer byTag = app.get("/articles?tag=" + tag);
        assertEquals(200, byTag.status());
        assertEquals(5L, ((Number) byTag.at("articlesCount")).longValue());
        List<?> articles = (List<?>) byTag.at("articles");
        assertEquals("Listed 4", ((Map<?, ?>) articles.get(0)).get("title"), "newest first");
        assertFalse(((Map<?, ?>) articles.get(0)).containsKey("body"), "lists leave the body out");

        Answer page = app.get("/articles?author=" + author + "&limit=2&offset=3");
        assertEquals(5L, ((Number) page.at("articlesCount")).longValue(), "the count is of the whole list");
        assertEquals(2, ((List<?>) page.at("articles")).size());
        assertEquals("Listed 1", page.at("articles", 0, "title"));
        Answer pastTheEnd = app.get("/articles?author=" + author + "&offset=50");
        assertEquals(List.of(), pastTheEnd.at("articles"));
        assertEquals(5L, ((Number) pastTheEnd.at("articlesCount")).longValue());

        String fan = uniqueName("fan");
        String fanToken = register(app, fan);
        String slug = (String) byTag.at("articles", 2, "slug");
        app.call("POST", "/articles/" + slug + "/favorite", null, fanToken);
        Answer favorites = app.get("/articles?favorited=" + fan, fanToken);
        assertEquals(1L, ((Number) favorites.at("articlesCount")).longValue());
        assertEquals(slug, favorites.at("articles", 0, "slug"));
        assertEquals(true, favorites.at("articles", 0, "favorited"));

        Answer tags = app.get("/tags");
        assertTrue(((List<?>) tags.at("tags")).contains(tag), tags.body());
    }

    @Test
    void theFeedHasTheArticlesOfFollowedUsers() {
        String celeb = uniqueName("celeb");
        String celebToken = register(app, celeb);
        String reader = register(app, uniqueName("reader"));
        String slug = article(app, celebToken, "News from " + celeb);

        assertEquals(0L, ((Number) app.get("/articles/feed", reader).at("articlesCount")).longValue());
        Answer profile = app.get("/profiles/" + celeb, reader);
        assertEquals(false, profile.at("profile", "following"));
        Answer follow = app.call("POST", "/profiles/" + celeb + "/follow", null, reader);
        assertEquals(200, follow.status());
        assertEquals(true, follow.at("profile", "following"));

        Answer feed = app.get("/articles/feed", reader);
        assertEquals(1L, ((Number) feed.at("articlesCount")).longValue());
        assertEquals(slug, feed.at("articles", 0, "slug"));
        assertEquals(true, feed.at("articles", 0, "author", "following"));
        assertEquals(false, app.get("/articles/" + slug).at("article", "author", "following"), "anonymous: not following");

        Answer unfollow = app.call("DELETE", "/profiles/" + celeb + "/follow", null, reader);
        assertEquals(false, unfollow.at("profile", "following"));
        assertEquals(0L, ((Number) app.get("/articles/feed", reader).at("articlesCount")).longValue());
        assertEquals(404, app.get("/profiles/" + uniqueName("nobody")).status());
    }

    @Test
    void commentsCanBeAddedListedAndDeletedByTheirAuthor() {
        String token = register(app, uniqueName("writer"));
        String other = register(app, uniqueName("commenter"));
        String slug = article(app, token, "Comment on me");

        Answer added = app.call("POST", "/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"Thank you so much!\"}}", other);
        assertEquals(200, added.status(), added.body());
        long id = ((Number) added.at("comment", "id")).longValue();
        assertEquals("Thank you so much!", added.at("comment", "body"));

        Answer listed = app.get("/articles/" + slug + "/comments");
        assertEquals(200, listed.status());
        assertEquals(1, ((List<?>) listed.at("comments")).size());

        assertEquals(403, app.call("DELETE", "/articles/" + slug + "/comments/" + id, null, token).status(),
                "only its author deletes a comment");
        assertEquals(404, app.call("DELETE", "/articles/" + slug + "/comments/" + (id + 1_000_000), null, other).status());
        assertEquals(204, app.call("DELETE", "/articles/" + slug + "/comments/" + id, null, other).status());
        assertEquals(List.of(), app.get("/articles/" + slug + "/comments").at("comments"));

        Answer empty = app.call("POST", "/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"\"}}", other);
        assertEquals(422, empty.status());
        assertEquals(List.of("can't be blank"), empty.at("errors", "body"));
    }

    @Test
    void anArticleOfAnotherUserCannotBeChangedOrDeleted() {
        String owner = register(app, uniqueName("owner"));
        String intruder = register(app, uniqueName("intruder"));
        String slug = article(app, owner, "Mine alone");

        Answer update = app.call("PUT", "/articles/" + slug, "{\"article\":{\"body\":\"defaced\"}}", intruder);
        assertEquals(403, update.status());
        assertTrue(update.map().containsKey("errors"), update.body());
        assertEquals(403, app.call("DELETE", "/articles/" + slug, null, intruder).status());
        assertEquals("b", app.get("/articles/" + slug).at("article", "body"), "unchanged");
    }

    @Test
    void responsesAreJsonWithNullsWritten() {
        Answer tags = app.get("/tags");
        assertEquals("application/json", tags.raw().headers().firstValue("Content-Type").orElse(""));
        String name = uniqueName("nulls");
        register(app, name);
        Answer profile = app.get("/profiles/" + name);
        assertTrue(profile.body().contains("\"image\":null"), profile.body());
        assertNull(profile.at("profile", "bio"));
    }
}
