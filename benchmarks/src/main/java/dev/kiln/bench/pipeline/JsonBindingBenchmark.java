package dev.kiln.bench.pipeline;

import dev.kiln.sample.SampleApp;
import dev.kiln.server.InMemoryConnections;
import dev.kiln.server.KilnServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * JSON in and out through the whole pipeline on an embedded channel: {@code GET /json} (a record written by
 * its generated avaje adapter), {@code POST /json} with a 1 KB JSON body (read into the same record by generated
 * binding code and written back) and {@code PUT /todos/1} with a 1 KB body (bound, its title's {@code @Size} checked
 * by generated validation code, stored, written back). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar JsonBindingBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dkiln.routes.print=false")
public class JsonBindingBenchmark {
    @Param({"getJson", "post1kJson", "put1kJson"})
    public String request;

    private EmbeddedChannel channel;
    private byte[] bytes;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new InMemoryConnections(new KilnServer(SampleApp.routes("bench-token"))).initializer());
        send(http("POST", "/todos", "{\"title\":\"first\"}"));
        String title = "x".repeat(1000);
        bytes = switch (request) {
            case "getJson" -> http("GET", "/json", null);
            case "post1kJson" -> http("POST", "/json", "{\"message\":\"" + "y".repeat(1010) + "\"}");
            case "put1kJson" -> http("PUT", "/todos/1", "{\"title\":\"" + title + "\",\"done\":true}");
            default -> throw new IllegalArgumentException(request);
        };
        String response = send(bytes);
        if (!response.startsWith("HTTP/1.1 200 OK")) throw new IllegalStateException(request + ": " + response);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int request() {
        return PipelineBenchmark.roundTrip(channel, bytes);
    }

    private static byte[] http(String method, String path, String json) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n";
        if (json == null) return (head + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String h = head + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] all = new byte[h.length() + body.length];
        System.arraycopy(h.getBytes(StandardCharsets.US_ASCII), 0, all, 0, h.length());
        System.arraycopy(body, 0, all, h.length(), body.length);
        return all;
    }

    private String send(byte[] request) {
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
}
