package dev.kiln.sample.todo;

import io.avaje.jsonb.Json;

/** A stored todo, as the API returns it. */
@Json
public record Todo(long id, String title, boolean done) {}
