package dev.kiln.sample.todo;

import io.avaje.jsonb.Json;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /todos}: a title, and optionally whether it is done already. */
@Json
public record NewTodo(@NotBlank @Size(max = NewTodo.MAX_TITLE) String title, Boolean done) {
    /** The longest title a todo takes. */
    public static final int MAX_TITLE = 2000;
}
