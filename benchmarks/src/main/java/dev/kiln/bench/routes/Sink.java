package dev.kiln.bench.routes;

import dev.kiln.Context;

/**
 * What the route-set handlers do, like the Gin anchor's: read every parameter (its raw length, which
 * allocates nothing) into a field the benchmark returns, so the reads cannot be optimised away.
 */
public final class Sink {
    private static int sink;

    private Sink() {}

    public static void read(Context ctx) {
        int n = ctx.route().paramCount();
        for (int k = 0; k < n; k++) {
            sink += ctx.rawParamLength(k);
        }
    }

    public static int value() {
        return sink;
    }
}
