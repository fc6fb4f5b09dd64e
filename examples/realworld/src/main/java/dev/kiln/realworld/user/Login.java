package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** The {@code user} of a login: email and password, both required. */
@Json
public record Login(String email, String password) {}
