package dev.kiln.sample.todo;

import io.avaje.jsonb.Json;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /todos/:id}: the fields to change; null leaves one as it is. */
@Json
public record TodoPatch(@Size(min = 1, max = NewTodo.MAX_TITLE) String title, Boolean done) {}
