package dev.kiln.sample.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per request after it has been handled: method, path, status, time, route and request id.
 * Code after {@code ctx.next()} runs after the handler, so it sees the status the handler set.
 */
public final class AccessLog implements Middleware {
    private static final Logger log = LoggerFactory.getLogger("dev.kiln.sample.access");

    @Override
    public void handle(Context ctx) throws Exception {
        long start = System.nanoTime();
        try {
            ctx.next();
        } finally {
            if (log.isInfoEnabled()) {
                log.info("{} {} {} {}us route={} id={}", ctx.method(), ctx.path(), ctx.status(),
                        (System.nanoTime() - start) / 1000, ctx.route().path(), ctx.get(RequestId.ATTRIBUTE));
            }
        }
    }
}
