package dev.kiln.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak's driver (run by {@code fuzz/soak.sh}, which starts the sample app): well-formed traffic ({@link Traffic})
 * and faults ({@link Faults}) at a fixed, moderate rate against a running sample app for {@code --duration} seconds,
 * a reading of its resources ({@link Probe}) every {@code --interval} seconds printed as a row, then the verdict:
 * every metric flat after warm-up ({@link Verdict}), no Netty leak report in its log, every well-formed request
 * answered right, and, once the traffic has stopped and the server's timeouts have passed, no connection and no
 * {@code @Blocking} work left. Prints a table and PASS or FAIL; exits 1 on FAIL.
 *
 * <pre>
 * Soak --port P --pid PID --log FILE --jcmd PATH --duration SECONDS --interval SECONDS [--asset FILE]
 * </pre>
 *
 * Needs nothing but the JDK on its class path.
 */
public final class Soak {
    /** How long the server may take, once the traffic stops, to close what is left (its header timeout and more). */
    static final int REST_SECONDS = 30;
    private static final long START = System.nanoTime();

    /** A client loop on a thread of its own. */
    record Actor(String name, Runnable loop) {}

    private Soak() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int port = Integer.parseInt(required(opts, "port"));
        long pid = Long.parseLong(required(opts, "pid"));
        long duration = Long.parseLong(required(opts, "duration"));
        long interval = Long.parseLong(required(opts, "interval"));
        Probe probe = new Probe(pid, port, Path.of(required(opts, "log")), required(opts, "jcmd"));
        byte[] asset = opts.containsKey("asset") ? Files.readAllBytes(Path.of(opts.get("asset"))) : null;

        Tally tally = new Tally();
        live = true;
        List<Actor> wellFormed = new Traffic(port, tally, Soak::running, asset).actors();
        List<Actor> faulty = new Faults(port, tally, Soak::running).actors();
        List<Actor> actors = new ArrayList<>(wellFormed);
        actors.addAll(faulty);
        List<Thread> threads = new ArrayList<>();
        for (Actor actor : actors) {
            Thread t = new Thread(() -> {
                try {
                    actor.loop().run();
                } catch (RuntimeException | Error e) {
                    tally.wrong(actor.name(), "the client failed: " + e); // a bug of the soak's own: never hidden
                    e.printStackTrace();
                }
            }, "soak-" + actor.name());
            t.setDaemon(true);
            threads.add(t);
        }
        System.out.printf("soak: %d clients (%d well-formed, %d faulty) against pid %d on port %d for %d s, a sample every %d s%n",
                actors.size(), wellFormed.size(), faulty.size(), pid, port, duration, interval);
        System.out.println(header());
        threads.forEach(Thread::start);

        List<Sample> samples = new ArrayList<>();
        for (long at = interval; at <= duration; at += interval) {
            sleepUntil(at);
            Sample s = probe.sample(at, tally);
            samples.add(s);
            System.out.println(row(s));
        }

        live = false;
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(40));
        for (Thread t : threads) if (t.isAlive()) tally.wrong(t.getName(), "the client did not stop within 40 s (a hang?)");

        // At rest: the server's timeouts close what the faults left half-open; nothing may stay.
        long[] rest = probe.connectionsAndBlocking();
        long restDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REST_SECONDS);
        while ((rest[0] > 0 || rest[1] > 0) && System.nanoTime() < restDeadline) {
            pause(500);
            rest = probe.connectionsAndBlocking();
        }
        // Leaks are reported when a leaked buffer is collected and a later one is tracked: collect, then allocate.
        probe.jcmd("GC.run");
        for (int i = 0; i < 20; i++) {
            try (Conn conn = new Conn(port)) {
                Ask ask = new Asks(new java.util.Random(i), null).echo(64 * 1024);
                conn.send(ask.bytes());
                tally.check(ask, conn.read());
            }
        }
        pause(1000);
        long leaks = probe.leaks();

        System.out.printf("%nERROR lines in the server's log (not judged): %d; WARN lines: %d%n", probe.lines(" ERROR "), probe.lines(" WARN "));
        System.exit(report(samples, duration, tally, leaks, rest, probe.leakLines(5)) ? 0 : 1);
    }

    private static volatile boolean live;

    static boolean running() {
        return live;
    }

    /** Prints the verdict and its reasons; returns whether the soak passed. */
    static boolean report(List<Sample> samples, long duration, Tally tally, long leaks, long[] rest, List<String> leakLines) {
        List<String> failures = new ArrayList<>();
        System.out.println();
        System.out.printf("%-14s %10s %10s %10s %10s %12s %10s  %s%n",
                "metric", "first", "median", "last", "slope/min", "growth", "tolerance", "after warm-up (the first third)");
        for (Verdict.Judgement j : Verdict.judgeAll(samples, duration)) {
            String unit = j.metric().unit();
            System.out.printf("%-14s %10.1f %10.1f %10.1f %10.2f %12.1f %10.1f  %s%n", j.metric().name() + (unit.isEmpty() ? "" : " " + unit),
                    j.first(), j.median(), j.last(), j.slopePerMinute(), j.growth(), j.tolerance(), j.flat() ? "flat" : "FAIL: " + j.failure());
            if (!j.flat()) failures.add(j.metric().name() + " " + j.failure());
        }
        System.out.println();
        System.out.printf("well-formed requests answered right: %d; wrong or unanswered: %d%n", tally.ok(), tally.wrong());
        tally.byRoute().forEach((route, n) -> System.out.printf("    %-28s %d%n", route, n));
        for (String d : tally.described()) System.out.println("    WRONG " + d);
        System.out.printf("faults injected: %d%n", tally.faults());
        tally.faultsByKind().forEach((kind, n) -> System.out.printf("    %-52s %d%n", kind, n));
        System.out.printf("Netty leak reports (LEAK: lines in the server's log): %d%n", leaks);
        for (String line : leakLines) System.out.println("    " + line);
        System.out.printf("at rest (waited up to %d s after the traffic stopped): %d connections open, %d @Blocking requests running%n",
                REST_SECONDS, rest[0], rest[1]);
        if (tally.wrong() > 0) failures.add(tally.wrong() + " well-formed requests answered wrongly or not at all");
        if (tally.ok() == 0) failures.add("no well-formed request was answered");
        if (leaks > 0) failures.add(leaks + " Netty leak reports");
        if (rest[0] > 0 || rest[1] > 0) failures.add("connections or @Blocking work left at rest");
        System.out.println();
        if (failures.isEmpty()) {
            System.out.println("soak: PASS");
            return true;
        }
        System.out.println("soak: FAIL");
        for (String f : failures) System.out.println("    " + f);
        return false;
    }

    static String header() {
        return String.format("%6s %8s %8s %8s %6s %7s %6s %5s %6s %10s %6s %8s",
                "time", "RSS MiB", "heap MiB", "direct", "fds", "threads", "conns", "blkg", "leaks", "right", "wrong", "faults");
    }

    static String row(Sample s) {
        return String.format("%6s %8.1f %8.1f %8.1f %6d %7d %6d %5d %6d %10d %6d %8d", clock(s.seconds()),
                s.rss() / 1024.0, s.heap() / 1024.0, s.direct() / 1024.0, s.fds(), s.threads(), s.connections(), s.blocking(),
                s.leaks(), s.ok(), s.wrong(), s.faults());
    }

    /** mm:ss since the soak started. */
    static String clock() {
        return clock(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - START));
    }

    static String clock(long seconds) {
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    /** Sleeps {@code ms}, or less when interrupted. */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long seconds) {
        long wait = TimeUnit.SECONDS.toNanos(seconds) - (System.nanoTime() - START);
        if (wait > 0) pause(TimeUnit.NANOSECONDS.toMillis(wait));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, not " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }
}
