package dev.kiln.sample.todo;

import io.avaje.jsonb.Json;

/** The body of {@code PUT /todos/:id}: the fields to change; null leaves one as it is. */
@Json
public record TodoPatch(String title, Boolean done) {}
