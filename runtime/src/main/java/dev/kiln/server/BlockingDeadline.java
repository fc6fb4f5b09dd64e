package dev.kiln.server;

/**
 * The deadline of one {@code @Blocking} chain ({@link KilnServer#blockingTimeout}): which came first, the chain's
 * end or the deadline, and the worker to interrupt when it is the deadline. Made only when the server has a
 * deadline; the worker and the event loop each ask it once, under its lock, so that an interrupt is never left on a
 * pool thread that has gone on to other work.
 */
final class BlockingDeadline {
    private Thread worker;
    private boolean finished;
    private boolean expired;

    /** The worker is about to run the chain; false when the deadline passed while it waited in the queue. */
    synchronized boolean start(Thread thread) {
        if (expired) return false;
        worker = thread;
        return true;
    }

    /** The chain has returned: the deadline will not interrupt the worker, and its interrupt, if it came, is cleared. */
    synchronized void finish() {
        finished = true;
        worker = null;
        if (expired) Thread.interrupted();
    }

    /** On the event loop, at the deadline: true, and the worker interrupted, when the chain has not returned yet. */
    synchronized boolean expire() {
        if (finished) return false;
        expired = true;
        if (worker != null) worker.interrupt();
        return true;
    }
}
