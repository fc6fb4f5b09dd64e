package dev.kiln.sample;

import dev.kiln.Context;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Query;
import dev.kiln.bind.BadRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The routes every benchmark and black-box test relies on; see the README's contract. */
@Controller
public final class BenchController {
    /** The longest delay /later accepts. */
    static final int MAX_DELAY_MS = 5_000;

    @Get("/plaintext")
    public String plaintext() {
        return "Hello, World!";
    }

    /** Serialised per request, as TechEmpower's JSON test requires. */
    @Get("/json")
    public Message json() {
        return new Message("Hello, World!");
    }

    /** Reads a JSON body into a record and writes it back: binding and serialising, with nothing stored. */
    @Post("/json")
    public Message echoJson(@Body Message message) {
        return message;
    }

    @Get("/users/:id")
    public User user(@PathParam String id) {
        return new User(id);
    }

    /** Echoes the body byte for byte, with the request's content type. */
    @Post("/echo")
    public void echo(@Body byte[] body, @Header("Content-Type") Optional<String> contentType, Context ctx) {
        ctx.body(body, contentType.orElse("application/octet-stream"));
    }

    @Get("/whoami")
    public String whoami(@Header("X-Request-Id") String requestId) {
        return requestId != null ? requestId : "";
    }

    /**
     * Answers after {@code ms} milliseconds without holding a thread: the handler returns a stage and the
     * server writes its result when it completes (responses on the connection stay in order).
     */
    @Get("/later")
    public CompletionStage<Message> later(@Query @Default("10") int ms, @Query @Default("false") boolean fail) {
        if (ms < 0 || ms > MAX_DELAY_MS) throw new BadRequest("ms", "query", "0 to " + MAX_DELAY_MS);
        Executor delayed = CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS);
        return fail
                ? CompletableFuture.supplyAsync(() -> { throw new IllegalStateException("later failed, as asked"); }, delayed)
                : CompletableFuture.supplyAsync(() -> new Message("later"), delayed);
    }

    @Get("/boom")
    public String boom() {
        throw new IllegalStateException("boom: this handler always fails, to show a 500 without a stack trace");
    }
}
