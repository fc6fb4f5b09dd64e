package dev.kiln.bench.chain;

import dev.kiln.bench.chain.app.ChainAppRoutes;
import dev.kiln.server.ContextDriver;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A route behind 0, 1, 5 and 10 no-op middleware: the chain the processor generated (one direct call per
 * link) against a {@code List<Middleware>} walked at run time ({@link ListChainRoutes}), same context, same
 * router. Run: {@code java -jar benchmarks/target/benchmarks.jar ChainBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ChainBenchmark {
    @Param({"0", "1", "5", "10"})
    public int depth;

    private Routes generated;
    private Routes list;
    private String path;
    private int route;
    private ContextDriver generatedCtx;
    private ContextDriver listCtx;

    @Setup
    public void setUp() {
        generated = ChainAppRoutes.builder().build();
        list = new ListChainRoutes(generated);
        path = "/mw" + depth;
        generatedCtx = new ContextDriver(generated);
        listCtx = new ContextDriver(list);
        route = generated.lookup(Methods.GET, path, path.length(), new PathMatch(generated.maxParams()));
        if (route < 0 || generated.routes().get(route).middleware().size() != depth) {
            throw new IllegalStateException("no route with " + depth + " middleware at " + path);
        }
    }

    @Benchmark
    public int generatedChain() throws Exception {
        return run(generatedCtx);
    }

    @Benchmark
    public int listChain() throws Exception {
        return run(listCtx);
    }

    /** The chain alone: the route is entered by hand, so routing (the same for both) is not measured. */
    private int run(ContextDriver ctx) throws Exception {
        ctx.runChain(Methods.GET, path, route);
        int status = ctx.context().status();
        ctx.reset();
        return status;
    }
}
