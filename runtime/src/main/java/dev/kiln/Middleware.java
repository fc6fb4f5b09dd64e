package dev.kiln;

/**
 * A step in a route's chain that runs before (and, around {@link Context#next()}, after) its handler.
 *
 * <p>Declared with {@link dev.kiln.annotation.Use}; the processor flattens each route's chain at
 * build time and calls every middleware directly. The semantics are Gin's:
 *
 * <ul>
 *   <li>returning without calling {@code next()} lets the chain continue with the next step;
 *   <li>{@link Context#next()} runs the rest of the chain now and returns, so code after it runs
 *       after the handler;
 *   <li>{@link Context#abort()} stops the steps not yet run. Note that it does not stop the current one.
 * </ul>
 *
 * <pre>{@code
 * public final class RequireToken implements Middleware {
 *     public void handle(Context ctx) {
 *         if (ctx.header("Authorization") == null) ctx.abortWithStatus(401);
 *     }
 * }
 * }</pre>
 *
 * <p>One instance serves every request of the application, on several threads at once: keep
 * per-request state in the {@link Context}, not in fields.
 */
@FunctionalInterface
public interface Middleware {
    /** Handles one request; throw to hand the failure to the server's error handling (500). */
    void handle(Context ctx) throws Exception;
}
