package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.routing.Routes;

/**
 * Drives one pooled context through the generated router and chains without a connection, as the server does per
 * request: {@link #serve} (begin, route, run the chain), then {@link #reset}. For benchmarks and tests of the
 * router and the chains; it ships in {@code kiln-test}, in the server's package, because the context's life cycle
 * is package-private in the runtime.
 */
public final class ContextDriver {
    private final PooledContext ctx;

    /** A driver with a context of its own for {@code routes}, confined to the calling thread. */
    public ContextDriver(Routes routes) {
        this.ctx = new PooledContext(routes);
    }

    /**
     * Begins a request for method bit {@code method} on {@code path} (no query, no headers, no body), routes it and
     * runs the matched route's chain, except a {@code @Blocking} route's, which is only entered (see {@link #run}).
     *
     * @return the matched route's index, or -1 when none matched
     */
    public int serve(int method, String path) throws Exception {
        ctx.begin(method, path, path.length(), null);
        return ctx.serve();
    }

    /**
     * Begins a request for {@code path} and runs route {@code route}'s chain from its first link without routing
     * it: the chain alone, for measuring chains.
     */
    public void runChain(int method, String path, int route) throws Exception {
        ctx.begin(method, path, path.length(), null);
        ctx.enter(route);
        ctx.run();
    }

    /** Runs the chain of the route {@link #serve} entered but did not run (a {@code @Blocking} one). */
    public void run() throws Exception {
        ctx.run();
    }

    /** The context, to read what the chain did (its status, a response header) before {@link #reset}. */
    public Context context() {
        return ctx;
    }

    /** The body the chain set as text, or null. */
    public CharSequence responseText() {
        return ctx.responseText();
    }

    /** Ends the request: every field cleared, the context ready for the next {@link #serve}. */
    public void reset() {
        ctx.reset();
    }
}
