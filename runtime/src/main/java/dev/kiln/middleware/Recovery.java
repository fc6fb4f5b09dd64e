package dev.kiln.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.Problem;
import dev.kiln.StreamClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gin's Recovery: answers an exception from any later link that no exception handler answered with a 500 problem,
 * through the chain, and logs it with its route and request id; the stack trace never reaches the client.
 *
 * <p>Without it the server does nearly the same (a generic 500, the trace in its log), but after the chain: its 500
 * carries none of the headers the chain set, and middleware around the failure see it thrown from {@code next()}.
 * With Recovery the 500 is the context's own answer: the headers set before the failure stay on it (the
 * {@link RequestId}, {@link Cors}'s {@code Access-Control-Allow-Origin}, without which a page sees a network error
 * rather than a 500), middleware before Recovery see it returned from {@code next()}, and {@link AccessLog} logs it
 * like any answer. Middleware after Recovery, between it and the failure, still see the exception thrown. Put it
 * first, on the application class: it only sees what fails inside it.
 *
 * <p>What it leaves to others: an exception a handler registered with {@code onException} answers is answered where
 * it is raised and never reaches Recovery; a {@code CompletionStage} that fails completes after the chain returned,
 * so the server answers it (through those handlers, else its generic 500); an {@link Error} goes on to the server
 * too, which answers 500, and so does a {@link VirtualMachineError} such as {@link OutOfMemoryError}, which nothing
 * should catch.
 *
 * <p>The body is the one the server writes for any failure, {@code Problem.of(500, null)}, in the application's
 * problem format. The failure is logged at {@code ERROR} on the logger {@code dev.kiln.middleware.Recovery}, with
 * its trace; one caused by the client going away mid-stream ({@link StreamClosedException#isCauseOf}) at
 * {@code DEBUG}, in one line, so that clients that hang up cannot fill the log. Stateless;
 * the public constructor is all there is, so {@code @Use(Recovery.class)} needs nothing passed to the generated
 * builder.
 */
public final class Recovery implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    /** The answer: the same as the server's own for a failure, with no detail a client could learn from. */
    private static final Problem INTERNAL = Problem.of(500, null);

    /** The only configuration there is. */
    public Recovery() {}

    @Override
    public void handle(Context ctx) {
        try {
            ctx.next();
        } catch (Exception e) {
            String id = RequestId.of(ctx);
            if (StreamClosedException.isCauseOf(e)) { // the client went away mid-stream: no failure to report
                log.debug("{} {}: the client went away{} ({})", ctx.method(), ctx.path(),
                        id == null ? "" : " (request " + id + ")", e.toString());
            } else {
                log.error("{} {} failed in {}{}", ctx.method(), ctx.path(),
                        ctx.route() == null ? "a global middleware" : ctx.route().handler(),
                        id == null ? "" : " (request " + id + ")", e);
            }
            ctx.problem(INTERNAL);
        }
    }

    @Override
    public String toString() {
        return "Recovery";
    }
}
