package dev.kiln.sample.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gin's Recovery: turns an exception from anything later in the chain into a 500 with a short JSON body,
 * and logs the stack trace with the route, never sending it to the client.
 */
public final class Recovery implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    @Override
    public void handle(Context ctx) {
        try {
            ctx.next();
        } catch (Exception e) {
            log.error("{} {} failed in {}", ctx.method(), ctx.path(), ctx.route() == null ? "no route" : ctx.route().handler(), e);
            ctx.status(500).json("{\"error\":\"internal\"}");
        }
    }
}
