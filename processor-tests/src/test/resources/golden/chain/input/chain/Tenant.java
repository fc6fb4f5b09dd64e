package chain;

import dev.kiln.Context;
import dev.kiln.Middleware;

/** Has no public no-arg constructor: the application passes it to the builder. */
public final class Tenant implements Middleware {
    private final String name;

    public Tenant(String name) {
        this.name = name;
    }

    @Override
    public void handle(Context ctx) {
        ctx.set("tenant", name);
    }
}
