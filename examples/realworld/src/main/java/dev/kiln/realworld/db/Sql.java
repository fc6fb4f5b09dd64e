package dev.kiln.realworld.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What the repositories share: parameters that may be null, timestamps as the spec writes them, transactions. */
public final class Sql {
    /** SQLSTATE of a unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** The spec's timestamps: ISO 8601 in UTC, always with milliseconds ({@code 2016-02-18T03:22:56.637Z}). */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Sql() {}

    /** Sets parameter {@code index} to {@code value}, or to SQL NULL of type bigint. */
    public static void setLongOrNull(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    /** Column {@code column} (a timestamptz) as the spec writes timestamps. */
    public static String iso(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return ISO.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** The constraint a unique violation broke, or null when {@code e} is something else. */
    public static String violatedConstraint(SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !(e instanceof PSQLException p)) return null;
        ServerErrorMessage message = p.getServerErrorMessage();
        return message == null ? null : message.getConstraint();
    }

    /** Work on one connection in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work on {@code c}; the transaction commits when it returns and rolls back when it throws. */
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction on a connection of {@code dataSource}. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
