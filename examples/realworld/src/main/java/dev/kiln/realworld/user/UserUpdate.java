package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** The {@code user} of {@code PUT /api/user}: the fields to change; an absent (or null) one stays as it was. */
@Json
public record UserUpdate(String email, String username, String password, String image, String bio) {}
