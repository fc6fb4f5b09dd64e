package dev.kiln.differential;

import dev.kiln.sample.SampleApp;
import dev.kiln.server.RunningServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The differential run: each generated case ({@link Mutations}) goes to Kiln (the sample app) and to nginx over
 * connections of its own, and the two {@link Exchange}s are compared on what a proxy in front of either would
 * act on: the class of the first response, how many responses came back for the stream (where the first request
 * ended: 2 means the canary was read as a request of its own), and whether the connection was closed.
 *
 * <p>A disagreement is <em>safe</em> when Kiln is the stricter of the two: it refuses (4xx, connection closed)
 * what nginx accepted, or closes where nginx kept the connection. It is <em>unsafe</em> when Kiln accepts what
 * nginx refused, or when both accept the first request and still see a different number of requests in the stream
 * (a framing desync: the bytes of a smuggled request). Everything else (a different status class for a request both
 * refuse, routing) is counted as <em>other</em> and shown.
 */
final class Differential {
    /** What a disagreement means for a front end that trusts the server behind it. */
    enum Verdict { AGREE, SAFE, UNSAFE, OTHER }

    record Result(Mutations.Case input, Exchange kiln, Exchange nginx, Verdict verdict, String kind) {}

    /** All results of a run, with their counts. */
    record Report(List<Result> results) {
        long count(Verdict v) {
            return results.stream().filter(r -> r.verdict == v).count();
        }

        List<Result> unsafe() {
            return results.stream().filter(r -> r.verdict == Verdict.UNSAFE).toList();
        }

        /** The unsafe disagreements no entry of {@link Disagreements#KNOWN} explains. */
        List<Result> unexplained() {
            return unsafe().stream().filter(r -> Disagreements.explain(r.input).isEmpty()).toList();
        }

        /** Counts, disagreements by kind, and one example (with its bytes) of each kind and mutation. */
        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("differential: %d cases, %d agree, %d disagree (%d Kiln stricter, %d unsafe, %d other)%n",
                    results.size(), count(Verdict.AGREE), results.size() - count(Verdict.AGREE), count(Verdict.SAFE),
                    count(Verdict.UNSAFE), count(Verdict.OTHER)));
            Map<String, Integer> byKind = new TreeMap<>();
            Map<String, Result> example = new TreeMap<>();
            for (Result r : results) {
                if (r.verdict == Verdict.AGREE) continue;
                String key = r.verdict + " " + r.kind;
                byKind.merge(key, 1, Integer::sum);
                example.putIfAbsent(key + " | " + r.input.kind().split("\\+")[0], r);
            }
            byKind.forEach((k, n) -> sb.append(String.format("  %5d  %s%n", n, k)));
            Map<String, Integer> byKnown = new TreeMap<>();
            for (Result r : unsafe()) {
                List<Disagreements.Known> known = Disagreements.explain(r.input);
                if (known.isEmpty()) byKnown.merge("UNEXPLAINED", 1, Integer::sum);
                for (Disagreements.Known k : known) byKnown.merge(k.standing() + " " + k.name(), 1, Integer::sum);
            }
            sb.append("unsafe disagreements by known cause (a case may have several):\n");
            byKnown.forEach((k, n) -> sb.append(String.format("  %5d  %s%n", n, k)));
            sb.append("examples (one per kind and mutation):\n");
            example.forEach((k, r) -> sb.append(String.format("  %s%n    case %d [%s] kiln %s, nginx %s%n    %s%n", k,
                    r.input.index(), r.input.kind(), r.kiln, r.nginx, r.input.escaped())));
            return sb.toString();
        }
    }

    /** Responses a stream gets when both requests are read and answered on one connection. */
    static final int EXPECTED = 2;

    static Result compare(Mutations.Case input, Exchange kiln, Exchange nginx) {
        String kc = kiln.firstClass();
        String nc = nginx.firstClass();
        int kn = kiln.statuses().size();
        int nn = nginx.statuses().size();
        if (kc.equals(nc) && kn == nn && kiln.closed() == nginx.closed()) return new Result(input, kiln, nginx, Verdict.AGREE, "");
        boolean kilnAccepts = kc.equals("2xx");
        boolean kilnRefuses = kc.equals("4xx") || kc.equals("5xx");
        boolean nginxAccepts = nc.equals("2xx") || nc.equals("0.9"); // nginx reads a line without a version as HTTP/0.9
        boolean nginxRefuses = nc.equals("4xx") || nc.equals("5xx");
        if (!kc.equals(nc)) {
            String kind = "status kiln " + kc + " / nginx " + nc;
            if (kilnRefuses && nginxAccepts) return new Result(input, kiln, nginx, Verdict.SAFE, kind);
            if (kilnAccepts && nginxRefuses) return new Result(input, kiln, nginx, Verdict.UNSAFE, kind);
            return new Result(input, kiln, nginx, Verdict.OTHER, kind); // both refuse, or a route one has, one not
        }
        if (kn != nn) {
            String kind = "framing " + kc + ": kiln " + kn + " response(s) / nginx " + nn;
            // Kiln stopped sooner: it closed after answering what nginx also answered first (a close wins).
            if (kn < nn && kiln.closed()) return new Result(input, kiln, nginx, Verdict.SAFE, kind);
            // Kiln read more requests out of the stream than nginx, after a first request both accepted.
            if (kilnAccepts) return new Result(input, kiln, nginx, Verdict.UNSAFE, kind);
            return new Result(input, kiln, nginx, Verdict.OTHER, kind);
        }
        String kind = "close " + kc + ": kiln " + (kiln.closed() ? "closed" : "open") + " / nginx " + (nginx.closed() ? "closed" : "open");
        return new Result(input, kiln, nginx, kiln.closed() ? Verdict.SAFE : Verdict.OTHER, kind);
    }

    /** Runs {@code cases} cases from {@code seed} against the two ports, a few connections at a time. */
    static Report run(long seed, int cases, int kilnPort, int nginxPort) throws Exception {
        Mutations generator = new Mutations(seed);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService toNginx = Executors.newFixedThreadPool(8); // its own threads: a case never waits on its own pool
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < cases; i++) {
                Mutations.Case c = generator.next();
                futures.add(pool.submit(() -> {
                    Future<Exchange> nginx = toNginx.submit(() -> Exchange.send(nginxPort, c.bytes(), EXPECTED));
                    Exchange kiln = Exchange.send(kilnPort, c.bytes(), EXPECTED);
                    return compare(c, kiln, nginx.get());
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) results.add(f.get());
            return new Report(results);
        } finally {
            pool.shutdownNow();
            toNginx.shutdownNow();
        }
    }

    /**
     * {@code differential.sh}: starts both servers, runs, prints the summary; exits 1 on an unsafe disagreement that
     * {@link Disagreements#KNOWN} does not explain.
     * Arguments: seed, cases.
     */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
        int cases = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        System.out.println("differential: seed " + seed + ", " + cases + " cases");
        Report report;
        try (Nginx nginx = Nginx.start(); RunningServer kiln = SampleApp.start(0, SampleApp.DEFAULT_ADMIN_TOKEN)) {
            long start = System.nanoTime();
            report = run(seed, cases, kiln.port(), nginx.port);
            System.out.print(report.summary());
            System.out.printf("differential: %.1f s%n", (System.nanoTime() - start) / 1e9);
            if (Boolean.getBoolean("differential.all")) {
                for (Result r : report.results()) {
                    if (r.verdict() == Verdict.AGREE) continue;
                    String known = r.verdict() != Verdict.UNSAFE ? "" : Disagreements.explain(r.input()).stream()
                            .map(Disagreements.Known::name).reduce((a, b) -> a + ", " + b).orElse("UNEXPLAINED");
                    System.out.printf("%s %s [%s] {%s} kiln %s, nginx %s: %s%n", r.verdict(), r.kind(), r.input().kind(),
                            known, r.kiln(), r.nginx(), r.input().escaped());
                }
            }
        } catch (IOException e) {
            System.err.println("differential: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(report.unexplained().isEmpty() ? 0 : 1);
    }
}
