package dev.kiln.realworld.user;

import dev.kiln.Context;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Use;
import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.auth.OptionalAuth;
import dev.kiln.realworld.auth.RequireAuth;
import dev.kiln.realworld.auth.Viewer;
import java.sql.SQLException;

/** Profiles and follows: {@code /api/profiles/:username} and {@code /api/profiles/:username/follow}. */
@Controller("/api/profiles")
@Blocking // JDBC
public final class ProfileController {
    private final UserRepository users;

    public ProfileController(UserRepository users) {
        this.users = users;
    }

    @Get("/:username")
    @Use(OptionalAuth.class)
    public ProfileEnvelope get(@PathParam String username, Context ctx) throws SQLException {
        return new ProfileEnvelope(find(username, Viewer.idOrNull(ctx)).profile());
    }

    @Post("/:username/follow")
    @Use(RequireAuth.class)
    public ProfileEnvelope follow(@PathParam String username, Context ctx) throws SQLException {
        long viewer = Viewer.of(ctx).id();
        UserRepository.Profiled target = find(username, viewer);
        if (target.id() == viewer) throw ApiError.invalid("profile", "can't follow yourself");
        users.follow(viewer, target.id());
        return new ProfileEnvelope(following(target.profile(), true));
    }

    @Delete("/:username/follow")
    @Use(RequireAuth.class)
    public ProfileEnvelope unfollow(@PathParam String username, Context ctx) throws SQLException {
        long viewer = Viewer.of(ctx).id();
        UserRepository.Profiled target = find(username, viewer);
        users.unfollow(viewer, target.id());
        return new ProfileEnvelope(following(target.profile(), false));
    }

    private UserRepository.Profiled find(String username, Long viewer) throws SQLException {
        return users.profile(username, viewer).orElseThrow(() -> ApiError.notFound("profile"));
    }

    private static Profile following(Profile p, boolean following) {
        return new Profile(p.username(), p.bio(), p.image(), following);
    }
}
