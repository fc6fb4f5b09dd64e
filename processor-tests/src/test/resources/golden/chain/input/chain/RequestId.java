package chain;

import dev.kiln.Context;
import dev.kiln.Middleware;

public final class RequestId implements Middleware {
    @Override
    public void handle(Context ctx) throws Exception {
        ctx.next();
    }
}
