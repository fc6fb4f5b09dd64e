package shop;

import dev.kiln.Context;
import dev.kiln.Middleware;

public final class RequireToken implements Middleware {
    @Override
    public void handle(Context ctx) throws Exception {
        ctx.next();
    }
}
