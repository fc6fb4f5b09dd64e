package dev.kiln.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@code @Blocking} routes run: a virtual thread per request on Java 21 and newer, a bounded pool of
 * platform threads on Java 17. Chosen once, when the server starts.
 *
 * <p>Kiln compiles for Java 17, so virtual threads are reached through method handles. Concurrency is bounded
 * without a semaphore: a connection runs at most one blocking request at a time (responses leave in request order),
 * so there are never more blocking requests than connections.
 */
final class BlockingExecutor {
    /** How long an idle platform thread of the bounded pool lives. */
    private static final long POOL_KEEP_ALIVE_SECONDS = 60;

    private final ExecutorService executor;
    private final String description;

    private BlockingExecutor(ExecutorService executor, String description) {
        this.executor = executor;
        this.description = description;
    }

    /**
     * Virtual threads when {@code preferVirtual} and the JVM has them, else a pool of up to {@code maxThreads}
     * platform threads, with up to {@code queueCapacity} requests waiting for one before new ones are refused.
     */
    static BlockingExecutor create(boolean preferVirtual, int maxThreads, int queueCapacity) {
        if (preferVirtual) {
            ExecutorService virtual = virtualThreadPerTask();
            if (virtual != null) return new BlockingExecutor(virtual, "virtual threads");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, POOL_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), platformThreads());
        pool.allowCoreThreadTimeOut(true);
        String why = preferVirtual ? "virtual threads need Java 21, this is " + Runtime.version().feature() : "virtual threads off";
        return new BlockingExecutor(pool, "a pool of up to " + maxThreads + " platform threads (" + why + ")");
    }

    /**
     * {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kiln-blocking-", 0).factory())}, or null
     * where that API is missing (Java 17) or still a preview that is not enabled (Java 19 and 20).
     *
     * <p>Reached through method handles rather than {@code Method.invoke}: core reflection makes a method-handle
     * accessor for each method on its first call, spun in the interpreter, and the AOT cache keeps none of them;
     * handles found once and called directly cost about half as much at start-up (BENCHMARKS.md, "Start-up").
     */
    static ExecutorService virtualThreadPerTask() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle name = lookup.findVirtual(builderType, "name",
                    MethodType.methodType(builderType, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builderType, "factory",
                    MethodType.methodType(ThreadFactory.class));
            MethodHandle perTask = lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            Object builder = name.invoke(ofVirtual.invoke(), "kiln-blocking-", 0L);
            ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
            return (ExecutorService) perTask.invokeExact(threads);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // not there (ReflectiveOperationException), or a preview not enabled (Java 19, 20)
            return null;
        }
    }

    private static ThreadFactory platformThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "kiln-blocking-" + count.getAndIncrement());
            t.setDaemon(true); // never keeps the JVM alive; close() waits for the work that matters
            return t;
        };
    }

    ExecutorService executor() {
        return executor;
    }

    /** For the start-up log line, such as {@code virtual threads}. */
    String description() {
        return description;
    }

    /** Whether the executor runs each task on a new virtual thread. */
    boolean isVirtual() {
        return description.equals("virtual threads");
    }
}
