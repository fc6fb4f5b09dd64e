package dev.kiln.bench.chain.app;

import dev.kiln.Context;
import dev.kiln.Middleware;

/** A middleware that does nothing but pass the request on; ten distinct classes make the chain honest. */
public final class Noop4 implements Middleware {
    @Override
    public void handle(Context ctx) throws Exception {
        ctx.next();
    }
}
