package chain;

import dev.kiln.Context;
import dev.kiln.Middleware;

public final class Auth implements Middleware {
    @Override
    public void handle(Context ctx) {
        if (ctx.header("Authorization") == null) ctx.abortWithStatus(401);
    }
}
