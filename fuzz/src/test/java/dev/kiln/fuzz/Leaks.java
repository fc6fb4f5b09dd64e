package dev.kiln.fuzz;

import dev.kiln.test.LeakRecorder;

/**
 * Leak checks at a fuzzer's pace: {@link LeakRecorder#assertNoLeaks} runs the collector three times (about 150 ms),
 * which would hold a fuzz test to a few inputs a second. After each input, {@link #check} fails on what Netty has
 * already reported (it drains its queue of freed buffers whenever it tracks a new one), and runs the full check every
 * {@value #FULL_CHECK_EVERY} inputs; each fuzz class runs the full check once more when it ends.
 */
final class Leaks {
    static final int FULL_CHECK_EVERY = 2_000;
    private static int inputs;

    private Leaks() {}

    static void check() {
        if (!LeakRecorder.reported().isEmpty()) LeakRecorder.assertNoLeaks(); // fails, with the reports
        if (++inputs % FULL_CHECK_EVERY == 0) LeakRecorder.assertNoLeaks();
    }
}
