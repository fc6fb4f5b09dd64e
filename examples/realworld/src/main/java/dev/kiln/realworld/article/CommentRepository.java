package dev.kiln.realworld.article;

import dev.kiln.realworld.db.Sql;
import dev.kiln.realworld.user.Profile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The comments of articles, over JDBC; every statement is a constant with parameters. */
public final class CommentRepository {
    /** A comment with its author as a viewer sees it (parameter 1: the viewer's id, or null). */
    private static final String SELECT = "SELECT c.id, c.body, c.created_at, c.updated_at, c.author_id, "
            + "u.username, u.bio, u.image, "
            + "EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id AND fo.follower_id = ?) AS following "
            + "FROM comments c JOIN users u ON u.id = c.author_id ";

    private final DataSource db;

    public CommentRepository(DataSource db) {
        this.db = db;
    }

    /** A comment's article and author, for the route that deletes it. */
    public record Ref(long articleId, long authorId) {}

    /** The comments of article {@code articleId}, newest first, as {@code viewer} (null: anonymous) sees them. */
    public List<Comment> list(long articleId, Long viewer) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + "WHERE c.article_id = ? ORDER BY c.created_at DESC, c.id DESC")) {
            Sql.setLongOrNull(s, 1, viewer);
            s.setLong(2, articleId);
            List<Comment> comments = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) comments.add(comment(rs));
            }
            return comments;
        }
    }

    /** Adds a comment by {@code author} to article {@code articleId}; returns it as its author sees it. */
    public Comment create(long articleId, long author, String body) throws SQLException {
        return Sql.inTransaction(db, c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO comments (article_id, author_id, body) VALUES (?, ?, ?) RETURNING id")) {
                s.setLong(1, articleId);
                s.setLong(2, author);
                s.setString(3, body);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE c.id = ?")) {
                s.setLong(1, author);
                s.setLong(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return comment(rs);
                }
            }
        });
    }

    /** The article and author of comment {@code id}. */
    public Optional<Ref> ref(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT article_id, author_id FROM comments WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Ref(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Deletes comment {@code id}. */
    public void delete(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM comments WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    private static Comment comment(ResultSet rs) throws SQLException {
        Profile author = new Profile(rs.getString("username"), rs.getString("bio"), rs.getString("image"),
                rs.getBoolean("following"));
        return new Comment(rs.getLong("id"), Sql.iso(rs, "created_at"), Sql.iso(rs, "updated_at"), rs.getString("body"),
                author);
    }
}
