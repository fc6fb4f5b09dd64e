package dev.kiln.sample.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} for the configured token;
 * otherwise answers 401 with a {@code WWW-Authenticate} challenge (RFC 6750 §3) and aborts the chain.
 *
 * <p>It has no no-arg constructor, so the application passes an instance to the generated builder.
 */
public final class BearerToken implements Middleware {
    private final byte[] expected;

    public BearerToken(String token) {
        Objects.requireNonNull(token, "token == null");
        if (token.isBlank()) throw new IllegalArgumentException("token is blank");
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, expected)) return; // constant time; the chain goes on
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"kiln-sample\"");
        ctx.json("{\"error\":\"unauthorized\"}");
        ctx.abortWithStatus(401);
    }
}
