package dev.kiln.bench.pipeline;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads as Netty's {@code FastThreadLocalThread}s, like an event loop's, so that a benchmark
 * sees what a server thread sees: {@code FastThreadLocal}s on their indexed fast path, and the
 * {@code Recycler} reusing pooled buffers and outbound entries (on other threads it may allocate them).
 *
 * <p>Chosen with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=dev.kiln.bench.pipeline.NettyThreadExecutor};
 * JMH calls the {@code (int, String)} constructor.
 */
public final class NettyThreadExecutor extends ThreadPoolExecutor {
    public NettyThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
