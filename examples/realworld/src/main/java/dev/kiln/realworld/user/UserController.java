package dev.kiln.realworld.user;

import dev.kiln.Context;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Put;
import dev.kiln.annotation.Status;
import dev.kiln.annotation.Use;
import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.auth.Jwt;
import dev.kiln.realworld.auth.Passwords;
import dev.kiln.realworld.auth.RequireAuth;
import dev.kiln.realworld.auth.Viewer;
import java.sql.SQLException;

/** Registration, login, and the current user: {@code /api/users}, {@code /api/users/login}, {@code /api/user}. */
@Controller("/api")
@Blocking // JDBC
public final class UserController {
    /** The longest username, email and password accepted; longer ones are a 422. */
    static final int MAX_USERNAME = 64;
    static final int MAX_EMAIL = 254;
    static final int MAX_PASSWORD = 256;
    static final int MAX_TEXT = 10_000;

    private final UserRepository users;
    private final Jwt jwt;

    public UserController(UserRepository users, Jwt jwt) {
        this.users = users;
        this.jwt = jwt;
    }

    @Post("/users")
    @Status(201)
    public UserEnvelope register(@Body NewUserRequest request) throws SQLException {
        NewUser user = request.user();
        if (user == null) throw ApiError.invalid("user", "can't be blank");
        new ApiError.Validation()
                .required("username", user.username())
                .maxLength("username", user.username(), MAX_USERNAME)
                .required("email", user.email())
                .maxLength("email", user.email(), MAX_EMAIL)
                .check(user.email() == null || user.email().isBlank() || user.email().contains("@"), "email", "is invalid")
                .required("password", user.password())
                .maxLength("password", user.password(), MAX_PASSWORD)
                .orThrow();
        UserRepository.Row row = users.create(user.username().trim(), user.email().trim(), Passwords.hash(user.password()));
        return new UserEnvelope(row.toUser(jwt.sign(row.id())));
    }

    @Post("/users/login")
    public UserEnvelope login(@Body LoginRequest request) throws SQLException {
        Login login = request.user();
        if (login == null) throw ApiError.invalid("user", "can't be blank");
        new ApiError.Validation()
                .required("email", login.email())
                .maxLength("email", login.email(), MAX_EMAIL)
                .required("password", login.password())
                .maxLength("password", login.password(), MAX_PASSWORD)
                .orThrow();
        UserRepository.Row row = users.byEmail(login.email().trim()).orElse(null);
        if (!Passwords.matches(login.password(), row == null ? null : row.passwordHash())) {
            throw ApiError.unauthorized("email or password", "is invalid");
        }
        return new UserEnvelope(row.toUser(jwt.sign(row.id())));
    }

    @Get("/user")
    @Use(RequireAuth.class)
    public UserEnvelope current(Context ctx) throws SQLException {
        Viewer viewer = Viewer.of(ctx);
        UserRepository.Row row = users.byId(viewer.id()).orElseThrow(UserController::gone);
        return new UserEnvelope(row.toUser(viewer.token()));
    }

    @Put("/user")
    @Use(RequireAuth.class)
    public UserEnvelope update(@Body UserUpdateRequest request, Context ctx) throws SQLException {
        UserUpdate u = request.user();
        if (u == null) throw ApiError.invalid("user", "can't be blank");
        new ApiError.Validation()
                .check(u.username() == null || !u.username().isBlank(), "username", "can't be blank")
                .maxLength("username", u.username(), MAX_USERNAME)
                .check(u.email() == null || u.email().contains("@"), "email", "is invalid")
                .maxLength("email", u.email(), MAX_EMAIL)
                .check(u.password() == null || !u.password().isBlank(), "password", "can't be blank")
                .maxLength("password", u.password(), MAX_PASSWORD)
                .maxLength("bio", u.bio(), MAX_TEXT)
                .maxLength("image", u.image(), MAX_TEXT)
                .orThrow();
        Viewer viewer = Viewer.of(ctx);
        UserRepository.Row row = users.update(viewer.id(),
                        u.email() == null ? null : u.email().trim(),
                        u.username() == null ? null : u.username().trim(),
                        u.password() == null ? null : Passwords.hash(u.password()),
                        u.image(), u.bio())
                .orElseThrow(UserController::gone);
        return new UserEnvelope(row.toUser(viewer.token()));
    }

    /** A valid token for a user who is not in this database (one signed before the embedded database restarted). */
    static ApiError gone() {
        return ApiError.unauthorized("token", "names no user");
    }
}
