package dev.kiln.sample;

import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Query;

/**
 * A route that blocks, as a report or a call to a slow service would: {@code @Blocking} runs it on a worker
 * thread (a virtual one on Java 21+), so the event loop goes on serving every other request meanwhile.
 */
@Controller
public final class SlowController {
    /** The longest {@code /slow} sleeps, so that the route cannot hold a connection for long. */
    public static final int MAX_SLEEP_MS = 10_000;

    /** Sleeps {@code ms} milliseconds (at most {@value #MAX_SLEEP_MS}), then says how long. */
    @Get("/slow")
    @Blocking
    public String slow(@Query("ms") @Default("100") int ms) throws InterruptedException {
        int sleep = Math.max(0, Math.min(ms, MAX_SLEEP_MS));
        Thread.sleep(sleep);
        return "slept " + sleep + " ms";
    }
}
