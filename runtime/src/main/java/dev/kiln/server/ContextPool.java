package dev.kiln.server;

import dev.kiln.ProblemRenderer;
import dev.kiln.form.FormLimits;
import dev.kiln.routing.Routes;
import java.util.ArrayDeque;

/**
 * A free list of {@link PooledContext}s for one event loop, so it needs no lock: only that loop's thread
 * may call it.
 *
 * <p>{@link #acquire} hands out a released context (or a new one when the list is empty) and
 * {@link #release} resets it and keeps it, up to {@link #capacity} contexts; past that, or with pooling
 * off, released contexts are left to the garbage collector, which is what pooling saves.
 */
final class ContextPool {
    /** How many idle contexts one event loop keeps by default: enough for a pipelined burst. */
    static final int DEFAULT_CAPACITY = 256;

    private final ArrayDeque<PooledContext> free;
    private final Routes routes;
    private final ExceptionMapper exceptions;
    private final ProblemRenderer problems;
    private final int validationStatus;
    private final FormLimits formLimits;
    private final int capacity;
    /**
     * Contexts handed out and contexts made, since the pool was made: written only by the loop's thread, read by
     * {@link ServerStats} from any (a figure a moment stale is good enough for a gauge).
     */
    private long acquired;
    private long created;

    /**
     * A pool of contexts for {@code routes} whose failures {@code exceptions} answer and whose errors
     * {@code problems} writes, keeping up to {@code capacity} idle ones (0: pooling off).
     */
    ContextPool(Routes routes, ExceptionMapper exceptions, ProblemRenderer problems, int validationStatus,
                FormLimits formLimits, int capacity) {
        this.formLimits = formLimits;
        this.routes = routes;
        this.exceptions = exceptions;
        this.problems = problems;
        this.validationStatus = validationStatus;
        this.capacity = capacity;
        this.free = new ArrayDeque<>(Math.max(1, Math.min(capacity, 64)));
    }

    /** A context for the next request: the last one released, which is likeliest still in cache, or a new one. */
    PooledContext acquire() {
        acquired++;
        PooledContext ctx = free.pollLast();
        if (ctx != null) return ctx;
        created++;
        return new PooledContext(routes, exceptions, problems, validationStatus, formLimits);
    }

    /** Resets {@code ctx} and keeps it for reuse unless the pool is full; call once its response is written. */
    void release(PooledContext ctx) {
        ctx.reset();
        if (free.size() < capacity) {
            free.addLast(ctx);
        }
    }

    /** How many idle contexts this pool keeps at most; 0 with pooling off. */
    int capacity() {
        return capacity;
    }

    /** Contexts handed out by {@link #acquire} so far. */
    long acquired() {
        return acquired;
    }

    /** Contexts {@link #acquire} had to make because none was free. */
    long created() {
        return created;
    }

    /** Idle contexts held now. */
    int size() {
        return free.size();
    }
}
