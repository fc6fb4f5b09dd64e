package dev.kiln.realworld;

import dev.kiln.Context;
import dev.kiln.Response;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;
import dev.kiln.json.JsonCodec;
import dev.kiln.middleware.Cors;
import dev.kiln.realworld.article.ArticleController;
import dev.kiln.realworld.article.ArticleRepository;
import dev.kiln.realworld.article.CommentController;
import dev.kiln.realworld.article.CommentRepository;
import dev.kiln.realworld.article.TagController;
import dev.kiln.realworld.auth.Jwt;
import dev.kiln.realworld.auth.OptionalAuth;
import dev.kiln.realworld.auth.RequireAuth;
import dev.kiln.realworld.db.Database;
import dev.kiln.realworld.user.ProfileController;
import dev.kiln.realworld.user.UserController;
import dev.kiln.realworld.user.UserRepository;
import dev.kiln.server.Kiln;
import dev.kiln.server.KilnServer;
import dev.kiln.server.RunningServer;
import dev.kiln.server.ServerStartException;
import io.avaje.jsonb.Jsonb;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RealWorld "Conduit" API on PostgreSQL:
 * {@code java -jar examples/realworld/target/realworld.jar [--port N]}, the API under {@code /api}.
 *
 * <p>Settings, from the environment: {@code PORT} (or {@code --port N}; default 8080); {@code DATABASE_URL}
 * ({@code postgres://user:password@host:5432/name} or a JDBC URL; without it an embedded PostgreSQL starts, whose
 * data is gone when the process stops); {@code DATABASE_POOL_SIZE} (default {@value Database#DEFAULT_POOL_SIZE});
 * {@code JWT_SECRET} (at least 32 bytes; without it a random one, so tokens do not outlive the process);
 * {@code CORS_ORIGINS} (comma-separated; default any origin).
 */
@KilnApplication
@Use(Cors.class)
public final class RealWorldApp {
    private static final Logger log = LoggerFactory.getLogger(RealWorldApp.class);

    private RealWorldApp() {}

    public static void main(String[] args) throws InterruptedException {
        int port;
        int poolSize;
        Jwt jwt;
        try {
            port = port(args, System.getenv("PORT"));
            poolSize = poolSize(System.getenv("DATABASE_POOL_SIZE"));
            jwt = jwt(System.getenv("JWT_SECRET"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Database db;
        try {
            db = Database.open(System.getenv("DATABASE_URL"), poolSize);
        } catch (SQLException | RuntimeException e) {
            System.err.println("The database did not open: " + e.getMessage());
            log.debug("the database did not open", e);
            System.exit(1);
            return;
        }
        RunningServer server;
        try {
            server = server(routes(db.dataSource(), jwt, corsOrigins(System.getenv("CORS_ORIGINS")))).port(port).start();
        } catch (ServerStartException e) {
            System.err.println(e.getMessage());
            db.close();
            System.exit(1);
            return;
        }
        log.info("RealWorld API on http://localhost:{}/api, data in {}", server.port(), db.description());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            db.close();
        }, "realworld-shutdown"));
        server.awaitClose();
    }

    /** The generated routes over {@code dataSource}, tokens signed by {@code jwt}, pages of {@code corsOrigins} allowed. */
    public static RealWorldAppRoutes routes(DataSource dataSource, Jwt jwt, String... corsOrigins) {
        UserRepository users = new UserRepository(dataSource);
        ArticleRepository articles = new ArticleRepository(dataSource);
        return RealWorldAppRoutes.builder()
                .json(JsonCodec.avaje(Jsonb.builder().serializeNulls(true).build())) // the spec shows "bio": null
                .with(new RequireAuth(jwt))
                .with(new OptionalAuth(jwt))
                .with(new UserController(users, jwt))
                .with(new ProfileController(users))
                .with(new ArticleController(articles))
                .with(new CommentController(articles, new CommentRepository(dataSource)))
                .with(new TagController(articles))
                .with(Cors.builder()
                        .allowOrigins(corsOrigins)
                        .allowMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                        .allowHeaders("Content-Type", "Authorization", "X-Requested-With")
                        .maxAge(Duration.ofMinutes(10))
                        .build())
                .build();
    }

    /** The server settings: the spec's error bodies for Kiln's own errors and for the application's. */
    public static KilnServer server(RealWorldAppRoutes routes) {
        return Kiln.server(routes)
                .problems(new SpecProblems())
                .onException(ApiError.class, (e, ctx) -> ctx.respond(Response.status(e.status()).body(e.body())))
                .onException(SQLException.class, RealWorldApp::databaseError);
    }

    /**
     * A value PostgreSQL refuses (SQLSTATE class 22: a NUL character, a number out of range) is the client's: 422.
     * A row that went away between two statements (a foreign key, 23503) is a 404. Anything else is a 500 whose
     * cause goes to the log only.
     */
    private static void databaseError(SQLException e, Context ctx) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22")) {
            ctx.respond(Response.status(422).body(ApiError.invalid("body", "has a value the database refuses").body()));
        } else if (state.equals("23503")) {
            ctx.respond(Response.status(404).body(ApiError.notFound("body").body()));
        } else {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json("{\"errors\":{\"body\":[\"Internal Server Error\"]}}");
        }
    }

    static int port(String[] args, String env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) return parsePort(args[i + 1], "--port");
            if (args[i].startsWith("--port=")) return parsePort(args[i].substring("--port=".length()), "--port");
        }
        if (env != null && !env.isBlank()) return parsePort(env.trim(), "PORT");
        return 8080;
    }

    private static int parsePort(String value, String source) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a port number from 0 to 65535, not '" + value + "'");
    }

    static Jwt jwt(String secret) {
        if (secret == null || secret.isEmpty()) {
            log.info("JWT_SECRET is not set: tokens are signed with a random key and die with this process");
            return new Jwt(Jwt.randomSecret());
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) throw new IllegalArgumentException("JWT_SECRET must have at least 32 bytes, not " + key.length);
        return new Jwt(key);
    }

    static int poolSize(String env) {
        if (env == null || env.isBlank()) return Database.DEFAULT_POOL_SIZE;
        try {
            int size = Integer.parseInt(env.trim());
            if (size > 0) return size;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("DATABASE_POOL_SIZE must be a positive number, not '" + env + "'");
    }

    static String[] corsOrigins(String env) {
        return env == null || env.isBlank() ? new String[] {"*"} : env.trim().split("\\s*,\\s*");
    }
}
