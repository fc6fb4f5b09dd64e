package dev.kiln.realworld.auth;

import dev.kiln.Context;
import java.util.OptionalLong;

/**
 * The user a request's token names, as {@link RequireAuth} or {@link OptionalAuth} found it.
 *
 * @param id    the user's id
 * @param token the token the request carried, which the user responses repeat
 */
public record Viewer(long id, String token) {
    private static final String KEY = "realworld.viewer";

    /** The request's viewer; on a route behind {@link RequireAuth}, never null. */
    public static Viewer of(Context ctx) {
        Viewer viewer = (Viewer) ctx.get(KEY);
        if (viewer == null) throw new IllegalStateException("no viewer: is the route behind RequireAuth?");
        return viewer;
    }

    /** The request's viewer's id, or null for an anonymous request (behind {@link OptionalAuth}). */
    public static Long idOrNull(Context ctx) {
        Viewer viewer = (Viewer) ctx.get(KEY);
        return viewer == null ? null : viewer.id();
    }

    /** What {@link #authenticate} found. */
    enum Outcome {
        /** A valid token; its viewer is stored. */
        VALID,
        /** No {@code Authorization} header. */
        MISSING,
        /** A header whose token is malformed, forged, expired, or of another scheme. */
        INVALID
    }

    /** Reads {@code Authorization: Token <jwt>} (the spec's scheme; {@code Bearer} is taken too) and stores its viewer. */
    static Outcome authenticate(Context ctx, Jwt jwt) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) return Outcome.MISSING;
        String token;
        if (header.regionMatches(true, 0, "Token ", 0, 6)) {
            token = header.substring(6).trim();
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        } else {
            return Outcome.INVALID;
        }
        OptionalLong id = jwt.verify(token);
        if (id.isEmpty()) return Outcome.INVALID;
        ctx.set(KEY, new Viewer(id.getAsLong(), token));
        return Outcome.VALID;
    }

    /** Answers 401 with the spec's error body and a challenge naming the scheme (RFC 9110 §11.6.1); stops the chain. */
    static void refuse(Context ctx, Outcome outcome) {
        ctx.header("WWW-Authenticate", "Token");
        ctx.json(outcome == Outcome.MISSING
                ? "{\"errors\":{\"token\":[\"is missing\"]}}"
                : "{\"errors\":{\"token\":[\"is invalid or expired\"]}}");
        ctx.abortWithStatus(401);
    }
}
