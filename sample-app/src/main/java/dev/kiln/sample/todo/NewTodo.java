package dev.kiln.sample.todo;

import io.avaje.jsonb.Json;

/** The body of {@code POST /todos}: a title, and optionally whether it is done already. */
@Json
public record NewTodo(String title, Boolean done) {}
