package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** The {@code user} of a registration: all three fields are required. */
@Json
public record NewUser(String username, String email, String password) {}
