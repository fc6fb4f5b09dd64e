package dev.kiln.bench.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * What one request allocates, class by class: the pipeline of {@link PipelineBenchmark}, run warm on a Netty
 * thread, with a class histogram of the whole heap (unreachable objects included) taken before and after a
 * stretch of requests that no collection interrupts. {@code -prof gc} gives the total; this gives its parts.
 *
 * <pre>
 * java -Xmn2g -XX:+UseParallelGC -XX:-UseTLAB -cp benchmarks/target/benchmarks.jar \
 *      dev.kiln.bench.pipeline.AllocationBreakdown kiln /json
 * </pre>
 *
 * <p>{@code -XX:-UseTLAB} is required: with thread-local allocation buffers the heap walk counts the filler
 * arrays that pad retired buffers, and the totals drift; without them they match {@code -prof gc}.
 *
 * <p>Arguments: the server ({@code kiln}, {@code kilnNoPool}, {@code kilnMetrics}, {@code kilnTracing},
 * {@code rawNetty}), the path, and optionally the number of measured requests (default 100,000). Run each server in a
 * JVM of its own: what the JIT's escape analysis removes depends on the profile, so a few small objects (a header
 * iterator, a string builder) may show on one side and not the other.
 */
public final class AllocationBreakdown {
    private static final int WARM_UP_REQUESTS = 2_000_000;

    private AllocationBreakdown() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AllocationBreakdown kiln|kilnNoPool|kilnMetrics|kilnTracing|rawNetty PATH [REQUESTS]");
            System.exit(2);
        }
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        if (Boolean.parseBoolean(vm.getVMOption("UseTLAB").getValue())) {
            System.err.println("run with -XX:-UseTLAB (and -Xmn2g -XX:+UseParallelGC): see the class comment");
            System.exit(2);
        }
        String server = args[0];
        String path = args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Exception[] failure = new Exception[1];
        Thread thread = new FastThreadLocalThread(() -> {
            try {
                run(server, path, requests);
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "allocation-breakdown");
        thread.start();
        thread.join();
        if (failure[0] != null) throw failure[0];
    }

    private static void run(String server, String path, int requests) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(PipelineBenchmark.initializer(server));
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long sink = 0;
        for (int i = 0; i < WARM_UP_REQUESTS; i++) sink += exchange(channel, request);
        System.gc();
        long collections = collections();
        Map<String, long[]> before = histogram();
        for (int i = 0; i < requests; i++) sink += exchange(channel, request);
        Map<String, long[]> after = histogram();
        if (collections() != collections) {
            throw new IllegalStateException("a collection ran while measuring: give the young generation more room (-Xmn2g)");
        }
        channel.finishAndReleaseAll();

        List<Object[]> rows = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[2]);
            double count = (e.getValue()[0] - was[0]) / (double) requests;
            double bytes = (e.getValue()[1] - was[1]) / (double) requests;
            total += bytes;
            if (bytes >= 1) rows.add(new Object[] {count, bytes, e.getKey()});
        }
        rows.sort((a, b) -> Double.compare((double) b[1], (double) a[1]));
        System.out.printf("%s GET %s: %.1f bytes per request (%d requests; %d response bytes)%n",
                server, path, total, requests, sink);
        System.out.println("objects/req  bytes/req  class");
        for (Object[] row : rows) {
            System.out.printf("%11.2f  %9.1f  %s%n", row[0], row[1], row[2]);
        }
    }

    /** One request in, its response out, as {@link PipelineBenchmark#request()} does. */
    private static int exchange(EmbeddedChannel channel, byte[] request) {
        return PipelineBenchmark.roundTrip(channel, request);
    }

    /** Instances and bytes per class of everything on the heap, unreachable objects included. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "   1:   12345   678900  java.lang.String (java.base@17)"
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += gc.getCollectionCount();
        return n;
    }
}
