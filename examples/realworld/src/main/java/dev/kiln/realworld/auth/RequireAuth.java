package dev.kiln.realworld.auth;

import dev.kiln.Context;
import dev.kiln.Middleware;
import java.util.Objects;

/**
 * Lets a request through only with a valid token ({@code Authorization: Token <jwt>}), storing its {@link Viewer};
 * otherwise answers 401 with the spec's error body, {@code {"errors":{"token":[...]}}}.
 */
public final class RequireAuth implements Middleware {
    private final Jwt jwt;

    public RequireAuth(Jwt jwt) {
        this.jwt = Objects.requireNonNull(jwt, "jwt == null");
    }

    @Override
    public void handle(Context ctx) {
        Viewer.Outcome outcome = Viewer.authenticate(ctx, jwt);
        if (outcome != Viewer.Outcome.VALID) Viewer.refuse(ctx, outcome);
    }
}
