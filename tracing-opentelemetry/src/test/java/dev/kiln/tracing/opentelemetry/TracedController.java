package dev.kiln.tracing.opentelemetry;

import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Routes that record the span current in their handler, by the name of the route, for the tests to compare with
 * the server span that was exported: on the event loop, on a {@code @Blocking} worker, and in a handler returning a
 * {@code CompletionStage} that completes later on another thread.
 */
@Controller
public final class TracedController {
    /** A failure the server maps to 503 where the stage that failed is answered, back on the event loop. */
    public static final class Refused extends RuntimeException {
        public Refused() {
            super("refused on purpose");
        }
    }

    /** What each handler (or exception handler) saw as the current span, and on which thread, by name. */
    static final Map<String, Span> SPANS = new ConcurrentHashMap<>();
    static final Map<String, String> THREADS = new ConcurrentHashMap<>();

    private static final Executor LATER = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    static void record(String name) {
        SPANS.put(name, Span.current());
        THREADS.put(name, Thread.currentThread().getName());
    }

    @Get("/users/:id")
    public String user(@PathParam String id) {
        record("user");
        return "user " + id;
    }

    @Get("/blocking")
    @Blocking
    public String blocking() {
        record("blocking");
        return "blocked";
    }

    @Get("/async")
    public CompletionStage<String> async() {
        record("async");
        return CompletableFuture.supplyAsync(() -> "later", LATER);
    }

    @Get("/async/refused")
    public CompletionStage<String> asyncRefused() {
        record("asyncRefused");
        return CompletableFuture.supplyAsync(() -> {
            throw new Refused();
        }, LATER);
    }

    @Get("/boom")
    public String boom() {
        throw new IllegalStateException("boom");
    }
}
