package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** {@code {"user":{...}}}: {@code PUT /api/user}. */
@Json
public record UserUpdateRequest(UserUpdate user) {}
