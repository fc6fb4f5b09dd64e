package dev.kiln.bench.pipeline;

import dev.kiln.bench.ops.OpsAppRoutes;
import dev.kiln.middleware.AccessLog;
import dev.kiln.server.InMemoryConnections;
import dev.kiln.server.KilnServer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the runtime's {@code RequestId} and {@code AccessLog} add to one keep-alive request, measured as
 * {@link PipelineBenchmark} measures the sample app (the same round trip on an {@link EmbeddedChannel}): {@code /plain}
 * has no middleware, {@code /id} runs RequestId, {@code /logged} RequestId and AccessLog (plain lines into a stream that
 * discards them, so its writer thread formats and copies each line but writes nothing). {@code requestId} says whether
 * the request brings its own {@code X-Request-Id} ({@code given}) or RequestId makes one ({@code none}).
 *
 * <p>{@code gc.alloc.rate.norm} of {@code -prof gc} counts every thread's allocation, the access log's writer included.
 * The writer runs beside the benchmark thread: on a machine with fewer free cores than two, the times include its
 * share of the CPU. Teardown fails the trial if the log dropped lines (the writer fell behind), since those were not
 * formatted.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OpsMiddlewareBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.kiln.bench.pipeline.NettyThreadExecutor"})
public class OpsMiddlewareBenchmark {
    @Param({"/plain", "/id", "/logged"})
    public String path;

    @Param({"none", "given"})
    public String requestId;

    private AccessLog accessLog;
    private EmbeddedChannel channel;
    private byte[] request;

    @Setup
    public void setUp() {
        accessLog = AccessLog.builder().to(OutputStream.nullOutputStream()).build();
        channel = new EmbeddedChannel(new InMemoryConnections(new KilnServer(OpsAppRoutes.builder().with(accessLog).build()))
                .initializer());
        // What wrk sends, and a request id such as a proxy adds.
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                + (requestId.equals("given") ? "X-Request-Id: 4bf92f3577b34da6a3ce929d0e0e4736\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        check(exchange());
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        accessLog.close();
        if (accessLog.dropped() > 0) {
            throw new IllegalStateException(accessLog.dropped() + " access log lines dropped: the writer fell behind");
        }
    }

    /** One request in, its response out; returns the response's size so that nothing is dead code. */
    @Benchmark
    public int request() {
        return PipelineBenchmark.roundTrip(channel, request);
    }

    private String exchange() {
        return PipelineBenchmark.exchange(channel, request);
    }

    /** Fails the trial unless the answer is 200 with the body, and carries an id exactly where RequestId runs. */
    private void check(String response) {
        String lower = response.toLowerCase(java.util.Locale.ROOT);
        boolean id = lower.contains("\r\nx-request-id: ");
        boolean given = lower.contains("\r\nx-request-id: 4bf92f3577b34da6a3ce929d0e0e4736\r\n");
        boolean ok = response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("\r\n\r\nHello, World!")
                && id == !path.equals("/plain") && (given == (id && requestId.equals("given")));
        if (!ok) throw new IllegalStateException("GET " + path + " (" + requestId + ") answered:\n" + response);
    }
}
