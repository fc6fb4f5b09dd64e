package dev.kiln.sample;

import io.avaje.jsonb.Json;

/** The body of {@code GET /users/:id}. */
@Json
public record User(String id) {}
