package dev.kiln.realworld.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned SQL migrations, Flyway's naming without Flyway: {@code db/V1__init.sql}, {@code db/V2__...sql} on the
 * class path, each applied once, in version order, and recorded in {@code schema_version}.
 *
 * <p>Everything runs in one transaction under an advisory lock, so two instances starting together apply each
 * migration once, and a failed migration leaves the schema as it was (PostgreSQL's DDL is transactional). A
 * migration already applied whose file has changed since is an error: edit the schema with a new version instead.
 */
public final class Migrations {
    /** The migrations, in order. A new one is added here and as {@code src/main/resources/db/<name>}. */
    static final List<String> FILES = List.of("V1__init.sql");

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    /** An arbitrary key of pg_advisory_xact_lock, the same in every instance of the application. */
    private static final long LOCK = 0x6b696c6e_7277L;

    private Migrations() {}

    /** One migration: its version, description, SQL text and that text's checksum. */
    record Migration(int version, String description, String sql, long checksum) {}

    /** Applies the migrations {@code dataSource}'s database lacks; returns how many it applied. */
    public static int migrate(DataSource dataSource) throws SQLException {
        List<Migration> migrations = load(FILES);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int applied = apply(c, migrations);
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static int apply(Connection c, List<Migration> migrations) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version int PRIMARY KEY, description text NOT NULL, checksum bigint NOT NULL, "
                    + "installed_at timestamptz NOT NULL DEFAULT now())");
        }
        Map<Integer, Long> done = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT version, checksum FROM schema_version");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) done.put(rs.getInt(1), rs.getLong(2));
        }
        int applied = 0;
        for (Migration m : migrations) {
            Long checksum = done.get(m.version());
            if (checksum != null) {
                if (checksum != m.checksum()) {
                    throw new IllegalStateException("migration V" + m.version() + "__" + m.description()
                            + " was changed after it was applied; add a new version instead");
                }
                continue;
            }
            try (Statement s = c.createStatement()) {
                s.execute(m.sql()); // the file's text, several statements; the simple query protocol runs them all
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, checksum) VALUES (?, ?, ?)")) {
                insert.setInt(1, m.version());
                insert.setString(2, m.description());
                insert.setLong(3, m.checksum());
                insert.executeUpdate();
            }
            log.info("applied migration V{}__{}", m.version(), m.description());
            applied++;
        }
        return applied;
    }

    /** Reads and checks the named files from {@code db/} on the class path, in increasing version order. */
    static List<Migration> load(List<String> files) {
        List<Migration> migrations = new ArrayList<>();
        int last = 0;
        for (String file : files) {
            Matcher m = NAME.matcher(file);
            if (!m.matches()) throw new IllegalStateException("migration " + file + " is not named V<n>__<words>.sql");
            int version = Integer.parseInt(m.group(1));
            if (version <= last) throw new IllegalStateException("migration " + file + " is out of order");
            last = version;
            String sql = read("db/" + file);
            CRC32 crc = new CRC32();
            crc.update(sql.getBytes(StandardCharsets.UTF_8));
            migrations.add(new Migration(version, m.group(2), sql, crc.getValue()));
        }
        return migrations;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("migration " + resource + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
