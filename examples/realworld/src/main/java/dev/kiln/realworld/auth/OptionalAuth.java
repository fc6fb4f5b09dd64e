package dev.kiln.realworld.auth;

import dev.kiln.Context;
import dev.kiln.Middleware;
import java.util.Objects;

/**
 * For the routes where the spec makes authentication optional: a request without {@code Authorization} goes on
 * anonymously, one with a valid token goes on as its {@link Viewer}, and one with a token that is not valid
 * (forged, expired, malformed) gets 401, so that a client learns its token is bad instead of silently being
 * served as nobody.
 */
public final class OptionalAuth implements Middleware {
    private final Jwt jwt;

    public OptionalAuth(Jwt jwt) {
        this.jwt = Objects.requireNonNull(jwt, "jwt == null");
    }

    @Override
    public void handle(Context ctx) {
        Viewer.Outcome outcome = Viewer.authenticate(ctx, jwt);
        if (outcome == Viewer.Outcome.INVALID) Viewer.refuse(ctx, outcome);
    }
}
