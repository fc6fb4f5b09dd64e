package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** {@code {"user":{"username":...,"email":...,"password":...}}}: {@code POST /api/users}. */
@Json
public record NewUserRequest(NewUser user) {}
