package dev.kiln.bench.pipeline;

import dev.kiln.bench.rawnetty.RawNettyHandler;
import dev.kiln.metrics.prometheus.PrometheusMetrics;
import dev.kiln.sample.SampleApp;
import dev.kiln.server.InMemoryConnections;
import dev.kiln.server.KilnServer;
import dev.kiln.tracing.opentelemetry.OpenTelemetryTracing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
 * One keep-alive request through a whole server pipeline on an {@link EmbeddedChannel}, no socket: Netty's
 * {@code HttpServerCodec}, then either Kiln's handler serving the sample app's generated routes
 * ({@code kiln}; {@code kilnNoPool} with {@code KilnServer.pooling(false)}; {@code kilnMetrics} with
 * {@code PrometheusMetrics} installed, every request counted; {@code kilnTracing} with {@code OpenTelemetryTracing}
 * installed on the OpenTelemetry SDK, every span sampled, recorded and ended, none exported) or a hand-written Netty handler
 * serving the same routes with the same headers straight from the decoder ({@code rawNetty}). Kiln's own cost
 * per request, in time and in bytes, is its difference to {@code rawNetty}.
 *
 * <p>Per op: the request bytes, built once, are copied into a pooled buffer as a socket read would, fired
 * inbound with a read-complete, pending tasks run, and every outbound buffer read and released. The harness
 * itself allocates nothing per op, so {@code gc.alloc.rate.norm} is the pipeline's.
 *
 * <p>The benchmark thread is a Netty {@code FastThreadLocalThread} ({@link NettyThreadExecutor}), as an event
 * loop is: on a plain thread Netty's {@code Recycler} does not reuse pooled buffer and outbound-entry objects,
 * which would add allocation a server never sees.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.kiln.bench.pipeline.NettyThreadExecutor"})
public class PipelineBenchmark {
    @Param({"kiln", "kilnNoPool", "kilnMetrics", "kilnTracing", "rawNetty"})
    public String server;

    @Param({"/plaintext", "/json", "/users/42"})
    public String path;

    private EmbeddedChannel channel;
    private byte[] request;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(initializer(server));
        // What wrk sends for the same path.
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        check(exchange());
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** One request in, its response out; returns the response's size so that nothing is dead code. */
    @Benchmark
    public int request() {
        return roundTrip(channel, request);
    }

    /**
     * Feeds {@code request} to the pipeline as one socket read would (a pooled buffer, then read-complete),
     * runs what it scheduled, and releases the response; returns the response's size. Shared by the benchmarks
     * on an embedded pipeline, so all of them measure the same thing.
     */
    static int roundTrip(EmbeddedChannel channel, byte[] request) {
        ByteBuf in = channel.alloc().buffer(request.length).writeBytes(request);
        // fireChannelRead + flushInbound is writeInbound without its varargs array.
        channel.pipeline().fireChannelRead(in);
        channel.flushInbound();
        channel.runPendingTasks();
        int bytes = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }

    static ChannelInitializer<Channel> initializer(String server) {
        return switch (server) {
            case "kiln" -> new InMemoryConnections(new KilnServer(SampleApp.routes("bench-token"))).initializer();
            case "kilnNoPool" ->
                    new InMemoryConnections(new KilnServer(SampleApp.routes("bench-token")).pooling(false)).initializer();
            case "kilnMetrics" -> new InMemoryConnections(new KilnServer(SampleApp.routes("bench-token"))
                    .install(PrometheusMetrics.at("/metrics"))).initializer();
            case "kilnTracing" -> new InMemoryConnections(new KilnServer(SampleApp.routes("bench-token"))
                    .install(OpenTelemetryTracing.of(recordingSdk()))).initializer();
            case "rawNetty" -> RawNettyHandler.initializer();
            default -> throw new IllegalArgumentException("unknown server " + server);
        };
    }

    /**
     * The OpenTelemetry SDK sampling and recording every span, ended into a processor that drops it: what a span
     * costs to make, fill and end, without an exporter's own work (a batch processor's queue, the wire). Without a
     * processor the SDK would not record at all.
     */
    private static OpenTelemetrySdk recordingSdk() {
        SpanProcessor drop = new SpanProcessor() {
            @Override
            public void onStart(Context parent, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {}

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(drop).build())
                .build();
    }

    /** The response to one request, as text; for the set-up check. */
    private String exchange() {
        return exchange(channel, request);
    }

    /** The response to {@code request} on {@code channel}, as text; the set-up checks of the pipeline benchmarks. */
    static String exchange(EmbeddedChannel channel, byte[] request) {
        channel.writeInbound(channel.alloc().buffer(request.length).writeBytes(request));
        channel.runPendingTasks();
        StringBuilder response = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            response.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return response.toString();
    }

    /** Fails the trial unless both sides answer 200 with the contract's body and the same three headers. */
    private void check(String response) {
        String body = switch (path) {
            case "/plaintext" -> "Hello, World!";
            case "/json" -> "{\"message\":\"Hello, World!\"}";
            default -> "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}";
        };
        String type = path.equals("/plaintext") ? "text/plain; charset=utf-8" : "application/json";
        String lower = response.toLowerCase(java.util.Locale.ROOT);
        boolean ok = response.startsWith("HTTP/1.1 200 OK\r\n")
                && response.endsWith("\r\n\r\n" + body)
                && lower.contains("\r\ncontent-type: " + type + "\r\n")
                && lower.contains("\r\ncontent-length: " + body.length() + "\r\n")
                && lower.contains("\r\ndate: ")
                && response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n").length == 4; // status, 3 headers
        if (!ok) {
            throw new IllegalStateException(server + " answered GET " + path + " with:\n" + response);
        }
    }
}
