package dev.kiln.realworld.user;

import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Users and follows, over JDBC; every statement is a constant with parameters. */
public final class UserRepository {
    private static final String COLUMNS = "id, username, email, password_hash, bio, image";

    private final DataSource db;

    public UserRepository(DataSource db) {
        this.db = db;
    }

    /** A user as stored. */
    public record Row(long id, String username, String email, String passwordHash, String bio, String image) {
        /** This user as the user routes answer, with {@code token}. */
        public User toUser(String token) {
            return new User(email, token, username, bio, image);
        }
    }

    /** The user with {@code id}. */
    public Optional<Row> byId(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            s.setLong(1, id);
            return one(s);
        }
    }

    /** The user whose email is {@code email}, whatever its case. */
    public Optional<Row> byEmail(String email) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(?)")) {
            s.setString(1, email);
            return one(s);
        }
    }

    /** Registers a user; 422 when the username or the email is taken. */
    public Row create(String username, String email, String passwordHash) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO users (username, email, password_hash) "
                        + "VALUES (?, ?, ?) RETURNING " + COLUMNS)) {
            s.setString(1, username);
            s.setString(2, email);
            s.setString(3, passwordHash);
            return one(s).orElseThrow();
        } catch (SQLException e) {
            throw taken(e);
        }
    }

    /** Changes the fields that are not null; 422 when the new username or email is taken. */
    public Optional<Row> update(long id, String email, String username, String passwordHash, String image, String bio)
            throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE users SET email = coalesce(?, email), "
                        + "username = coalesce(?, username), password_hash = coalesce(?, password_hash), "
                        + "image = coalesce(?, image), bio = coalesce(?, bio) WHERE id = ? RETURNING " + COLUMNS)) {
            s.setString(1, email);
            s.setString(2, username);
            s.setString(3, passwordHash);
            s.setString(4, image);
            s.setString(5, bio);
            s.setLong(6, id);
            return one(s);
        } catch (SQLException e) {
            throw taken(e);
        }
    }

    /** The profile of {@code username} as {@code viewer} (null: anonymous) sees it, and the user's id. */
    public Optional<Profiled> profile(String username, Long viewer) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT u.id, u.username, u.bio, u.image, "
                        + "EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = u.id) "
                        + "FROM users u WHERE u.username = ?")) {
            Sql.setLongOrNull(s, 1, viewer);
            s.setString(2, username);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Profiled(rs.getLong(1),
                        new Profile(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5))));
            }
        }
    }

    /** A profile and the id of its user. */
    public record Profiled(long id, Profile profile) {}

    /** Makes {@code follower} follow {@code followee}; nothing when it already does. */
    public void follow(long follower, long followee) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO follows (follower_id, followee_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            s.setLong(1, follower);
            s.setLong(2, followee);
            s.executeUpdate();
        }
    }

    /** Makes {@code follower} stop following {@code followee}; nothing when it does not. */
    public void unfollow(long follower, long followee) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?")) {
            s.setLong(1, follower);
            s.setLong(2, followee);
            s.executeUpdate();
        }
    }

    private static Optional<Row> one(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6)));
        }
    }

    /** A unique violation of the username or the email as the spec's 422; anything else as it is. */
    private static SQLException taken(SQLException e) {
        String constraint = Sql.violatedConstraint(e);
        if ("users_username_key".equals(constraint)) throw ApiError.invalid("username", "has already been taken");
        if ("users_email_key".equals(constraint)) throw ApiError.invalid("email", "has already been taken");
        return e;
    }
}
