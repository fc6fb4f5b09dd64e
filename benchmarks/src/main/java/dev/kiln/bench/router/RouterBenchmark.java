package dev.kiln.bench.router;

import dev.kiln.bench.routes.Sink;

import dev.kiln.bench.routes.githubset.GithubApiRoutes;
import dev.kiln.bench.routes.gplusset.GPlusApiRoutes;
import dev.kiln.bench.routes.param1.Param1ApiRoutes;
import dev.kiln.bench.routes.param5.Param5ApiRoutes;
import dev.kiln.bench.routes.parseset.ParseApiRoutes;
import dev.kiln.bench.routes.staticset.StaticApiRoutes;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.ContextDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookup plus dispatch to a handler that reads its parameters, as Go's router benchmarks measure Gin
 * ({@code ../shared/anchors/gin-router}): {@code *All} serves every request of a route set once per op
 * (divide by the route count for ns per route); the others serve one request.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RouterBenchmark {
    private Request[] github;
    private Request[] parse;
    private Request[] gplus;
    private Request[] statics;
    private Routes githubRoutes;
    private Routes parseRoutes;
    private Routes gplusRoutes;
    private Routes staticRoutes;
    private Routes param1Routes;
    private Routes param5Routes;
    private ContextDriver githubCtx;
    private ContextDriver parseCtx;
    private ContextDriver gplusCtx;
    private ContextDriver staticCtx;
    private ContextDriver param1Ctx;
    private ContextDriver param5Ctx;
    private PathMatch githubMatch;

    /** One request of a replay file, with its method bit computed once, as Gin's benchmark reuses its request. */
    record Request(String method, int bit, String path) {}

    @Setup
    public void setUp() {
        githubRoutes = GithubApiRoutes.builder().build();
        parseRoutes = ParseApiRoutes.builder().build();
        gplusRoutes = GPlusApiRoutes.builder().build();
        staticRoutes = StaticApiRoutes.builder().build();
        param1Routes = Param1ApiRoutes.builder().build();
        param5Routes = Param5ApiRoutes.builder().build();
        github = load("github", githubRoutes);
        parse = load("parse", parseRoutes);
        gplus = load("gplus", gplusRoutes);
        statics = load("static", staticRoutes);
        githubCtx = new ContextDriver(githubRoutes);
        parseCtx = new ContextDriver(parseRoutes);
        gplusCtx = new ContextDriver(gplusRoutes);
        staticCtx = new ContextDriver(staticRoutes);
        param1Ctx = new ContextDriver(param1Routes);
        param5Ctx = new ContextDriver(param5Routes);
        githubMatch = new PathMatch(githubRoutes.maxParams());
    }

    @Benchmark
    public int githubAll() throws Exception {
        return all(githubCtx, github);
    }

    @Benchmark
    public int parseAll() throws Exception {
        return all(parseCtx, parse);
    }

    @Benchmark
    public int gplusAll() throws Exception {
        return all(gplusCtx, gplus);
    }

    @Benchmark
    public int staticAll() throws Exception {
        return all(staticCtx, statics);
    }

    /** The lookup alone, without dispatch: what httprouter's {@code Lookup} benchmark measures. */
    @Benchmark
    public int githubLookupAll() {
        int sum = 0;
        for (Request r : github) {
            sum += githubRoutes.lookup(r.bit, r.path, r.path.length(), githubMatch);
        }
        return sum;
    }

    /** Go's {@code GithubStatic}. */
    @Benchmark
    public int githubStatic() throws Exception {
        return serve(githubCtx, Methods.GET, "/user/repos");
    }

    /** Go's {@code GithubParam}. */
    @Benchmark
    public int githubParam() throws Exception {
        return serve(githubCtx, Methods.GET, "/repos/julienschmidt/httprouter/stargazers");
    }

    /** Go's {@code Param}: {@code /user/:name}, alone in its router. */
    @Benchmark
    public int param1() throws Exception {
        return serve(param1Ctx, Methods.GET, "/user/gordon");
    }

    /** Go's {@code Param5}: {@code /:a/:b/:c/:d/:e}, alone in its router. */
    @Benchmark
    public int param5() throws Exception {
        return serve(param5Ctx, Methods.GET, "/test/test/test/test/test");
    }

    private static int all(ContextDriver ctx, Request[] requests) throws Exception {
        int sum = 0;
        for (Request r : requests) {
            sum += serve(ctx, r.bit, r.path);
        }
        return sum + Sink.value();
    }

    /** What the server does per request: begin, route and run the chain (the router calls the handler), reset. */
    private static int serve(ContextDriver ctx, int bit, String path) throws Exception {
        int route = ctx.serve(bit, path);
        ctx.reset();
        return route;
    }

    private static Request[] load(String set, Routes routes) {
        List<Request> requests = new ArrayList<>();
        try (InputStream in = RouterBenchmark.class.getResourceAsStream("/routesets/" + set + ".txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                int space = line.indexOf(' ');
                String method = line.substring(0, space);
                requests.add(new Request(method, Methods.bit(method), line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Every request must reach its own route, or the figures would measure misses.
        PathMatch check = new PathMatch(routes.maxParams());
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            int route = routes.lookup(r.bit, r.path, r.path.length(), check);
            if (route != i) throw new IllegalStateException(set + ": " + r.method + " " + r.path + " matched route " + route);
        }
        return requests.toArray(new Request[0]);
    }
}
