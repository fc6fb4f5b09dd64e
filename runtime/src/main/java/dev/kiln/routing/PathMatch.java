package dev.kiln.routing;

/**
 * Where the generated router writes what one lookup found, so that the lookup allocates nothing.
 *
 * <p>{@code offsets} holds, for parameter {@code k} of the matched route, its start at {@code 2k} and its
 * end at {@code 2k+1}: indexes into the raw request path. {@code allowed} collects the methods of every
 * route whose path matched, which is the {@code Allow} header when none matched the method.
 * One instance lives in each pooled {@link dev.kiln.Context}.
 */
public final class PathMatch {
    /** Start and end of parameter {@code k} at {@code 2k} and {@code 2k+1}, indexes into the raw path. */
    public final int[] offsets;
    /** The {@link Methods} bits of every route whose path matched, whatever its method. */
    public int allowed;

    /** Room for the parameters of the longest route, {@code maxParams}, so no lookup ever grows it. */
    public PathMatch(int maxParams) {
        this.offsets = new int[Math.max(2, 2 * maxParams)];
    }

    /**
     * Clears what the previous lookup wrote: {@code allowed}, and the offsets of the {@code params}
     * parameters of the route it matched (a lookup writes offsets only for the route it returns).
     */
    public void clear(int params) {
        for (int k = 2 * params - 1; k >= 0; k--) offsets[k] = 0; // a few ints: a loop beats Arrays.fill's call
        allowed = 0;
    }
}
