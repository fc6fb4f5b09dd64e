package site;

import dev.kiln.Context;
import dev.kiln.Middleware;

public final class Timing implements Middleware {
    @Override
    public void handle(Context ctx) throws Exception {
        ctx.next();
    }
}
