package dev.kiln.routing;

import dev.kiln.Context;

/**
 * Where the generated router writes what one lookup found, so that the lookup allocates nothing.
 *
 * <p>{@code offsets} holds, for parameter {@code k} of the matched route, its start at {@code 2k} and its
 * end at {@code 2k+1}: indexes into the raw request path. {@code allowed} collects the methods of every
 * route whose path matched, which is the {@code Allow} header when none matched the method.
 *
 * <p>A plain {@code PathMatch} only records. The one a pooled {@link dev.kiln.Context} owns {@link #runs}:
 * the router then enters the matched route on that context ({@link #start}) and runs its first link itself,
 * from the branch of the tree that found it. The call to the handler is direct, where a separate dispatch on
 * the route index would be an indirect jump that the CPU mispredicts whenever consecutive requests take
 * different routes.
 */
public class PathMatch {
    /** Start and end of parameter {@code k} at {@code 2k} and {@code 2k+1}, indexes into the raw path. */
    public final int[] offsets;
    /** The {@link Methods} bits of every route whose path matched, whatever its method. */
    public int allowed;
    /** Whether the router runs the route it matched, on the context {@link #start} returns; false for a plain one. */
    public final boolean runs;

    /** Room for the parameters of the longest route, {@code maxParams}, so no lookup ever grows it. */
    public PathMatch(int maxParams) {
        this(maxParams, false);
    }

    /** For a context's own, which {@code runs} the routes it matches. */
    protected PathMatch(int maxParams, boolean runs) {
        this.offsets = new int[Math.max(2, 2 * maxParams)];
        this.runs = runs;
    }

    /**
     * Called by the router, when this {@link #runs}, once it has found route {@code route} and written its
     * parameters: enters the route on the context that owns this and returns that context, to run the first
     * link on.
     */
    public Context start(int route) {
        throw new IllegalStateException("a plain PathMatch only records the route it matched");
    }
}
