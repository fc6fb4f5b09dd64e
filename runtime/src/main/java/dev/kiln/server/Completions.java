package dev.kiln.server;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * The requests of one socket read that have been answered, waiting to be told to the connection's
 * {@link ServerObserver} when the read ends: then one clock reading gives all of their durations, and the responses
 * are flushed together. A client that pipelines 16 requests costs the observer one reading of the clock, not 16, and
 * the request path only stores five numbers per response.
 *
 * <p>One per event loop ({@link #ofThisLoop}), shared by its connections: a loop handles one connection's read at a
 * time and tells its completions when that read ends, so the buffer is empty again before the next connection's
 * read adds to it, and it stays in the cache however many connections take turns (one per connection, each with its
 * array, was a kilobyte more per connection for the cache to miss). Completions for another observer than those held
 * tell those first. The first completion of a read is kept in fields; the array is made for the second, and when it
 * is full the completions so far are told at once.
 */
final class Completions {
    private static final FastThreadLocal<Completions> LOOP = new FastThreadLocal<>() {
        @Override
        protected Completions initialValue() {
            return new Completions();
        }
    };

    /** Completions held before they are told early; a read rarely carries more requests than this. */
    static final int CAPACITY = 32;
    private static final int WIDTH = 4; // packed route, method and status; arrival; bytes in; bytes out

    /** The observer of the completions held. */
    private ServerObserver observer;
    private int count;
    private long packed0;
    private long arrival0;
    private long in0;
    private long out0;
    private long[] more;

    /** Completions of their own, for a test; the server uses {@link #ofThisLoop}. */
    Completions() {}

    /** The calling event loop's completions. */
    static Completions ofThisLoop() {
        return LOOP.get();
    }

    /**
     * Holds the completion, for {@code observer}, of a request that arrived at {@code arrival}
     * ({@link System#nanoTime()}).
     */
    void add(ServerObserver observer, int route, int method, int status, long arrival, long bytesIn, long bytesOut) {
        if (observer != this.observer) {
            if (count > 0) tell(System.nanoTime()); // another connection's, held across a read of this one
            this.observer = observer;
        }
        long packed = (long) route << 32 | (long) (method & 0xFFFF) << 16 | status & 0xFFFF;
        if (count == 0) { // the common case, kept small enough for the JIT to inline into the write
            packed0 = packed;
            arrival0 = arrival;
            in0 = bytesIn;
            out0 = bytesOut;
            count = 1;
        } else {
            addMore(packed, arrival, bytesIn, bytesOut);
        }
    }

    /** A second or later completion of the read: into the array, made now if need be, told early when full. */
    private void addMore(long packed, long arrival, long bytesIn, long bytesOut) {
        if (count == CAPACITY) {
            tell(System.nanoTime());
            packed0 = packed;
            arrival0 = arrival;
            in0 = bytesIn;
            out0 = bytesOut;
            count = 1;
            return;
        }
        if (more == null) more = new long[(CAPACITY - 1) * WIDTH];
        int k = (count - 1) * WIDTH;
        more[k] = packed;
        more[k + 1] = arrival;
        more[k + 2] = bytesIn;
        more[k + 3] = bytesOut;
        count++;
    }

    /** Whether completions are held. */
    boolean isEmpty() {
        return count == 0;
    }

    /** Tells the observer of every completion held, as of {@code now}, in the order they were added. */
    void tell(long now) {
        int n = count;
        if (n == 0) return;
        count = 0;
        tell(packed0, now - arrival0, in0, out0);
        for (int k = 0; k < (n - 1) * WIDTH; k += WIDTH) {
            tell(more[k], now - more[k + 1], more[k + 2], more[k + 3]);
        }
    }

    private void tell(long packed, long nanos, long bytesIn, long bytesOut) {
        observer.requestCompleted((int) (packed >> 32), (int) (packed >>> 16) & 0xFFFF, (int) packed & 0xFFFF,
                nanos, bytesIn, bytesOut);
    }
}
