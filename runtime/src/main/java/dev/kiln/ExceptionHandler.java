package dev.kiln;

/**
 * Turns an exception that escaped a route's chain into a response, registered with
 * {@link dev.kiln.server.KilnServer#onException(Class, ExceptionHandler)}.
 *
 * <pre>{@code
 * Kiln.server(routes)
 *     .onException(NoSuchElementException.class, (e, ctx) -> ctx.status(404).text("not found"))
 *     .start();
 * }</pre>
 *
 * <p>The server picks the handler registered for the exception's class or its nearest superclass and calls it
 * once per failure, on the thread that ran the chain (the event loop, or a worker for {@code @Blocking} routes,
 * so do not block in a handler for a non-blocking route). The response starts as status 500 with no body;
 * headers the chain already set stay. An exception thrown here is logged and answered with a plain 500.
 *
 * @param <T> the exception type handled
 */
@FunctionalInterface
public interface ExceptionHandler<T extends Throwable> {
    /** Sets the response for {@code exception}, thrown while {@code ctx}'s chain ran. */
    void handle(T exception, Context ctx) throws Exception;
}
