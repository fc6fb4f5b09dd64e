package dev.kiln.realworld.article;

import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.db.Sql;
import dev.kiln.realworld.user.Profile;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Articles, their tags and favorites, over JDBC. Every statement is a constant with parameters (the fragments
 * below are joined at compile time); the optional filters of the list are parameters too
 * ({@code ?::text IS NULL OR ...}), so no input ever becomes SQL text.
 */
public final class ArticleRepository {
    /** How many times a create or an update tries another slug when a concurrent one took the same. */
    private static final int SLUG_TRIES = 5;

    /** Everything a list shows of an article, for a viewer (parameters 1 and 2: the viewer's id, or null). */
    private static final String SUMMARY = "SELECT a.id, a.slug, a.title, a.description, a.created_at, a.updated_at, "
            + "u.username, u.bio, u.image, "
            + "ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            + "WHERE at.article_id = a.id ORDER BY t.name) AS tags, "
            + "(SELECT count(*) FROM favorites f WHERE f.article_id = a.id) AS favorites_count, "
            + "EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ?) AS favorited, "
            + "EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = a.author_id AND fo.follower_id = ?) AS following";

    private static final String LIST = SUMMARY + ", count(*) OVER () AS total "
            + "FROM articles a JOIN users u ON u.id = a.author_id "
            + "WHERE (?::text IS NULL OR u.username = ?) "
            + "AND (?::text IS NULL OR EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            + "WHERE at.article_id = a.id AND t.name = ?)) "
            + "AND (?::text IS NULL OR EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id "
            + "WHERE f.article_id = a.id AND fu.username = ?)) "
            + "ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";

    private static final String COUNT = "SELECT count(*) FROM articles a JOIN users u ON u.id = a.author_id "
            + "WHERE (?::text IS NULL OR u.username = ?) "
            + "AND (?::text IS NULL OR EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            + "WHERE at.article_id = a.id AND t.name = ?)) "
            + "AND (?::text IS NULL OR EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id "
            + "WHERE f.article_id = a.id AND fu.username = ?))";

    private static final String FEED = SUMMARY + ", count(*) OVER () AS total "
            + "FROM articles a JOIN users u ON u.id = a.author_id "
            + "WHERE a.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?) "
            + "ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";

    private static final String FEED_COUNT = "SELECT count(*) FROM articles a "
            + "WHERE a.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?)";

    private static final String ONE = SUMMARY + ", a.body FROM articles a JOIN users u ON u.id = a.author_id "
            + "WHERE a.slug = ?";

    private final DataSource db;

    public ArticleRepository(DataSource db) {
        this.db = db;
    }

    /** The filters of {@code GET /api/articles}; null for none. */
    public record Filter(String tag, String author, String favoritedBy) {}

    /** An article's id and author, for the routes that change it. */
    public record Ref(long id, long authorId) {}

    /** One page of the articles that pass {@code filter}, newest first, as {@code viewer} (null: anonymous) sees them. */
    public ArticlePage list(Filter filter, Long viewer, int limit, int offset) throws SQLException {
        try (Connection c = db.getConnection()) {
            List<ArticleSummary> page = new ArrayList<>();
            long total = -1;
            try (PreparedStatement s = c.prepareStatement(LIST)) {
                Sql.setLongOrNull(s, 1, viewer);
                Sql.setLongOrNull(s, 2, viewer);
                int i = filters(s, 3, filter);
                s.setInt(i, limit);
                s.setInt(i + 1, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(summary(rs));
                        total = rs.getLong("total");
                    }
                }
            }
            if (total < 0) { // an empty page: the window had no row to say how many there are
                try (PreparedStatement s = c.prepareStatement(COUNT)) {
                    filters(s, 1, filter);
                    total = count(s);
                }
            }
            return new ArticlePage(page, (int) total);
        }
    }

    /** One page of the articles by the users {@code viewer} follows, newest first. */
    public ArticlePage feed(long viewer, int limit, int offset) throws SQLException {
        try (Connection c = db.getConnection()) {
            List<ArticleSummary> page = new ArrayList<>();
            long total = -1;
            try (PreparedStatement s = c.prepareStatement(FEED)) {
                s.setLong(1, viewer);
                s.setLong(2, viewer);
                s.setLong(3, viewer);
                s.setInt(4, limit);
                s.setInt(5, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(summary(rs));
                        total = rs.getLong("total");
                    }
                }
            }
            if (total < 0) {
                try (PreparedStatement s = c.prepareStatement(FEED_COUNT)) {
                    s.setLong(1, viewer);
                    total = count(s);
                }
            }
            return new ArticlePage(page, (int) total);
        }
    }

    /** The article {@code slug}, as {@code viewer} (null: anonymous) sees it. */
    public Optional<Article> find(String slug, Long viewer) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, slug, viewer);
        }
    }

    private static Optional<Article> find(Connection c, String slug, Long viewer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(ONE)) {
            Sql.setLongOrNull(s, 1, viewer);
            Sql.setLongOrNull(s, 2, viewer);
            s.setString(3, slug);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                ArticleSummary a = summary(rs);
                return Optional.of(new Article(a.slug(), a.title(), a.description(), rs.getString("body"),
                        a.tagList(), a.createdAt(), a.updatedAt(), a.favorited(), a.favoritesCount(), a.author()));
            }
        }
    }

    /** The id and author of the article {@code slug}. */
    public Optional<Ref> ref(String slug) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, author_id FROM articles WHERE slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Ref(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Creates an article with its tags; returns it as its author sees it. */
    public Article create(long author, String title, String description, String body, Collection<String> tags)
            throws SQLException {
        return Sql.inTransaction(db, c -> {
            String base = Slugs.of(title);
            String slug = slugTaken(c, base) ? Slugs.withSuffix(base) : base;
            long id;
            for (int attempt = 1; (id = insertArticle(c, slug, title, description, body, author, attempt == SLUG_TRIES)) < 0;
                    attempt++) {
                slug = Slugs.withSuffix(base); // a concurrent create took it: another suffix
            }
            for (String tag : tags) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                    s.setString(1, tag);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO article_tags (article_id, tag_id) "
                        + "SELECT ?, id FROM tags WHERE name = ? ON CONFLICT DO NOTHING")) {
                    s.setLong(1, id);
                    s.setString(2, tag);
                    s.executeUpdate();
                }
            }
            return find(c, slug, author).orElseThrow();
        });
    }

    /** Inserts the row; -1 when a concurrent insert took {@code slug} (unless {@code last}: then that is thrown). */
    private static long insertArticle(Connection c, String slug, String title, String description, String body,
            long author, boolean last) throws SQLException {
        try (PreparedStatement savepoint = c.prepareStatement("SAVEPOINT slug")) {
            savepoint.execute();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO articles (slug, title, description, body, author_id) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            s.setString(1, slug);
            s.setString(2, title);
            s.setString(3, description);
            s.setString(4, body);
            s.setLong(5, author);
            return count(s);
        } catch (SQLException e) {
            if (last || !"articles_slug_key".equals(Sql.violatedConstraint(e))) throw e;
            try (PreparedStatement rollback = c.prepareStatement("ROLLBACK TO SAVEPOINT slug")) {
                rollback.execute();
            }
            return -1;
        }
    }

    private static boolean slugTaken(Connection c, String slug) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM articles WHERE slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Changes the fields that are not null of article {@code id}; a new title gives it a new slug. Returns the
     * article as {@code viewer} sees it.
     */
    public Article update(long id, long viewer, String title, String description, String body) throws SQLException {
        return Sql.inTransaction(db, c -> {
            String slug = null;
            if (title != null) {
                String[] current = current(c, id); // title, slug
                String base = Slugs.of(title);
                if (base.equals(Slugs.of(current[0]))) {
                    slug = current[1]; // a title that makes the same slug: keep the one links point to
                } else {
                    slug = slugTaken(c, base) ? Slugs.withSuffix(base) : base;
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE articles SET slug = coalesce(?, slug), "
                    + "title = coalesce(?, title), description = coalesce(?, description), body = coalesce(?, body), "
                    + "updated_at = now() WHERE id = ? RETURNING slug")) {
                s.setString(1, slug);
                s.setString(2, title);
                s.setString(3, description);
                s.setString(4, body);
                s.setLong(5, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) throw ApiError.notFound("article");
                    slug = rs.getString(1);
                }
            } catch (SQLException e) {
                if ("articles_slug_key".equals(Sql.violatedConstraint(e))) {
                    throw ApiError.invalid("title", "makes a slug another article took just now; try again");
                }
                throw e;
            }
            return find(c, slug, viewer).orElseThrow();
        });
    }

    /** The title and the slug of article {@code id}. */
    private static String[] current(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT title, slug FROM articles WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) throw ApiError.notFound("article");
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    /** Deletes article {@code id}, with its tags, favorites and comments. */
    public void delete(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM articles WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    /** Makes {@code user} favorite article {@code id}; nothing when it already does. */
    public void favorite(long user, long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            s.setLong(1, user);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** Makes {@code user} stop favoriting article {@code id}; nothing when it does not. */
    public void unfavorite(long user, long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM favorites WHERE user_id = ? AND article_id = ?")) {
            s.setLong(1, user);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** The tags of the articles there are, in alphabetical order. */
    public List<String> tags() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT t.name FROM tags t "
                        + "WHERE EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id) ORDER BY t.name");
                ResultSet rs = s.executeQuery()) {
            List<String> tags = new ArrayList<>();
            while (rs.next()) tags.add(rs.getString(1));
            return tags;
        }
    }

    /** Binds the three filters (each twice: the null test and the comparison) from {@code index}; the next index. */
    private static int filters(PreparedStatement s, int index, Filter filter) throws SQLException {
        String[] values = {filter.author(), filter.tag(), filter.favoritedBy()};
        for (String value : values) {
            s.setString(index++, value);
            s.setString(index++, value);
        }
        return index;
    }

    private static long count(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ArticleSummary summary(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        List<String> tagList = Arrays.asList((String[]) tags.getArray());
        tags.free();
        Profile author = new Profile(rs.getString("username"), rs.getString("bio"), rs.getString("image"),
                rs.getBoolean("following"));
        return new ArticleSummary(rs.getString("slug"), rs.getString("title"), rs.getString("description"), tagList,
                Sql.iso(rs, "created_at"), Sql.iso(rs, "updated_at"), rs.getBoolean("favorited"),
                rs.getInt("favorites_count"), author);
    }
}
