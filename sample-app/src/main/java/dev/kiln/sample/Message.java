package dev.kiln.sample;

import io.avaje.jsonb.Json;

/** The body of {@code GET /json}. */
@Json
public record Message(String message) {}
