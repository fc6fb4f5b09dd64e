package dev.kiln.sample.todo;

import dev.kiln.Response;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Put;
import dev.kiln.annotation.Query;
import dev.kiln.annotation.Use;
import dev.kiln.middleware.AccessLog;
import dev.kiln.middleware.RequestId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Optional;

/**
 * A small REST resource: list, get, create, update and delete todos, using path, query, header and body
 * binding. Bad input never reaches these methods: the generated code answers 400 or 415 first, and checks the
 * constraints ({@code @Min}, {@code @Max}, {@code @PositiveOrZero} here, {@code @NotBlank} on {@link NewTodo}).
 */
@Controller("/todos")
@Use({RequestId.class, AccessLog.class})
public final class TodoController {
    /** The most todos one page holds. */
    static final int MAX_LIMIT = 100;
    private static final String NOT_FOUND = "{\"error\":\"not_found\"}";

    private final TodoStore store;

    public TodoController(TodoStore store) {
        this.store = store;
    }

    @Get("")
    public Response list(@Query Optional<Boolean> done, @Query @Default("20") @Min(1) @Max(MAX_LIMIT) int limit,
                         @Query @Default("0") @PositiveOrZero int offset) {
        List<Todo> page = store.list(done, offset, limit);
        return Response.ok(page);
    }

    @Get("/:id")
    public Response get(@PathParam long id) {
        return store.get(id).map(Response::ok).orElseGet(TodoController::notFound);
    }

    /** 201 with a Location; the {@code Prefer: return=minimal} header (RFC 7240) leaves the body out. */
    @Post("")
    public Response create(@Body NewTodo todo, @Header("Prefer") Optional<String> prefer) {
        Todo saved = store.create(todo.title(), Boolean.TRUE.equals(todo.done()));
        Response created = Response.created("/todos/" + saved.id(), saved);
        return prefer.filter(p -> p.equalsIgnoreCase("return=minimal")).isPresent() ? created.body(null) : created;
    }

    @Put("/:id")
    public Response update(@PathParam long id, @Body TodoPatch patch) {
        return store.update(id, patch.title(), patch.done()).map(Response::ok).orElseGet(TodoController::notFound);
    }

    @Delete("/:id")
    public Response delete(@PathParam long id) {
        return store.delete(id) ? Response.noContent() : notFound();
    }

    private static Response notFound() {
        return Response.status(404).body(NOT_FOUND).header("Content-Type", "application/json");
    }
}
