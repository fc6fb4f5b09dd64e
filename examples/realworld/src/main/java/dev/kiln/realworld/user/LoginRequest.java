package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** {@code {"user":{"email":...,"password":...}}}: {@code POST /api/users/login}. */
@Json
public record LoginRequest(Login user) {}
