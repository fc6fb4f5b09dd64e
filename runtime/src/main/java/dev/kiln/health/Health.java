package dev.kiln.health;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.Context;
import dev.kiln.json.JsonText;
import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerExtension;
import dev.kiln.server.ServerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness endpoints for an orchestrator or a load balancer, answered by the server ahead of the
 * routes and their middleware:
 *
 * <pre>{@code
 * Kiln.server(routes)
 *     .install(Health.at("/health/live", "/health/ready")
 *         .check("database", Duration.ofSeconds(2), () -> db.ping()))
 * }</pre>
 *
 * <p><b>Liveness</b> answers 200 {@code {"status":"UP"}} while the server serves HTTP at all, shutdown included: a
 * process that is draining is not broken, and must not be restarted for it.
 *
 * <p><b>Readiness</b> answers 200 when every check passes and 503 when one fails, times out, or shutdown has begun
 * ({@link ServerStats#stopping()}): from the moment {@code close()} is called, before the listener closes and while
 * in-flight requests finish, so a balancer takes the instance out before it stops accepting. The body lists each
 * check:
 *
 * <pre>{@code
 * {"status":"DOWN","checks":[{"name":"database","status":"DOWN","millis":2000,"error":"timed out after 2000 ms"}]}
 * }</pre>
 *
 * <p>Checks run off the event loop, on threads of their own, all at once, each bounded by its timeout; probes that
 * arrive while a check is still running wait for that run rather than start another, so a check that hangs holds one
 * thread, not one per probe.
 */
public final class Health implements ServerExtension {
    private static final Logger log = LoggerFactory.getLogger(Health.class);
    private static final String NO_STORE = "no-store";
    private static final byte[] LIVE = "{\"status\":\"UP\"}".getBytes(UTF_8);
    private static final byte[] STOPPING = "{\"status\":\"DOWN\",\"reason\":\"shutting down\",\"checks\":[]}"
            .getBytes(UTF_8);
    /** The longest error message a check's failure puts in the body. */
    private static final int MAX_ERROR_LENGTH = 200;

    private final String livenessPath;
    private final String readinessPath;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private ServerStats stats;
    private ExecutorService threads;

    private Health(String livenessPath, String readinessPath) {
        this.livenessPath = Objects.requireNonNull(livenessPath, "livenessPath == null");
        this.readinessPath = Objects.requireNonNull(readinessPath, "readinessPath == null");
        if (livenessPath.equals(readinessPath)) {
            throw new IllegalArgumentException("liveness and readiness need paths of their own, not both " + livenessPath);
        }
    }

    /** Liveness at {@code livenessPath} and readiness at {@code readinessPath}, such as {@code /health/live}. */
    public static Health at(String livenessPath, String readinessPath) {
        return new Health(livenessPath, readinessPath);
    }

    /**
     * Makes readiness depend on {@code check}: it fails when the check throws or takes longer than {@code timeout}.
     *
     * @param name how the body names it, such as {@code "database"}; unique
     */
    public Health check(String name, Duration timeout, HealthCheck check) {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(check, "check == null");
        Objects.requireNonNull(timeout, "timeout == null");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout <= 0: " + timeout);
        if (checks.putIfAbsent(name, new Check(name, timeout, check)) != null) {
            throw new IllegalArgumentException("a health check named " + name + " is registered already");
        }
        return this;
    }

    @Override
    public void install(KilnServer server) {
        if (stats != null) throw new IllegalStateException("this Health is installed on a server already");
        stats = server.stats();
        server.endpoint(livenessPath, ctx -> answer(ctx, 200, LIVE));
        server.endpoint(readinessPath, this::ready);
    }

    private void ready(Context ctx) {
        if (stats.stopping()) {
            answer(ctx, 503, STOPPING);
            return;
        }
        if (checks.isEmpty()) {
            answer(ctx, 200, report(List.of()));
            return;
        }
        List<CompletableFuture<Outcome>> runs = new ArrayList<>(checks.size());
        for (Check c : checks.values()) runs.add(c.probe(threads()));
        CompletableFuture<List<Outcome>> all = CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> runs.stream().map(CompletableFuture::join).toList());
        ctx.defer(all, (c, outcomes) -> {
            boolean up = !stats.stopping() && outcomes.stream().allMatch(Outcome::up);
            answer(c, up ? 200 : 503, report(outcomes));
        });
    }

    private static void answer(Context ctx, int status, byte[] json) {
        ctx.status(status).header("Cache-Control", NO_STORE).body(json, Context.APPLICATION_JSON);
    }

    /** The readiness body for these outcomes. */
    private byte[] report(List<Outcome> outcomes) {
        boolean up = outcomes.stream().allMatch(Outcome::up) && !stats.stopping();
        StringBuilder json = new StringBuilder(64 + 80 * outcomes.size());
        json.append("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":[");
        for (int k = 0; k < outcomes.size(); k++) {
            Outcome o = outcomes.get(k);
            if (k > 0) json.append(',');
            json.append("{\"name\":");
            JsonText.quote(json, o.name());
            json.append(",\"status\":\"").append(o.up() ? "UP" : "DOWN").append("\",\"millis\":").append(o.millis());
            if (o.error() != null) JsonText.quote(json.append(",\"error\":"), o.error());
            json.append('}');
        }
        return json.append("]}").toString().getBytes(UTF_8);
    }

    /** The threads checks run on: daemon threads made as needed, at most one per check at a time. */
    private synchronized ExecutorService threads() {
        if (threads == null) {
            AtomicInteger n = new AtomicInteger();
            threads = Executors.newCachedThreadPool(task -> {
                Thread t = new Thread(task, "kiln-health-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
        }
        return threads;
    }

    /** What one run of a check found. */
    record Outcome(String name, boolean up, long millis, String error) {}

    /** A registered check, and its run in progress, which concurrent probes share. */
    private static final class Check {
        private final String name;
        private final Duration timeout;
        private final HealthCheck check;
        private CompletableFuture<Outcome> running;
        /** Whether the last outcome was a pass; a change is logged, not every probe. */
        private volatile boolean wasUp = true;

        Check(String name, Duration timeout, HealthCheck check) {
            this.name = name;
            this.timeout = timeout;
            this.check = check;
        }

        /** This probe's view of the check: the run in progress, or a new one; failed once its timeout passes. */
        CompletableFuture<Outcome> probe(ExecutorService threads) {
            CompletableFuture<Outcome> run;
            synchronized (this) {
                if (running == null || running.isDone()) running = CompletableFuture.supplyAsync(this::run, threads);
                run = running;
            }
            long millis = timeout.toMillis();
            return run.copy()
                    .completeOnTimeout(new Outcome(name, false, millis, "timed out after " + millis + " ms"),
                            millis, TimeUnit.MILLISECONDS)
                    .thenApply(this::noted);
        }

        private Outcome run() {
            long start = System.nanoTime();
            try {
                check.check();
                return new Outcome(name, true, elapsedMillis(start), null);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError fatal) throw fatal;
                if (t instanceof InterruptedException) Thread.currentThread().interrupt();
                return new Outcome(name, false, elapsedMillis(start), describe(t));
            }
        }

        private Outcome noted(Outcome o) {
            if (o.up() != wasUp) {
                wasUp = o.up();
                if (o.up()) {
                    log.info("Health check {} passes again", name);
                } else {
                    log.warn("Health check {} fails: {}", name, o.error());
                }
            }
            return o;
        }

        private static long elapsedMillis(long start) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }

        /** A failure as the body says it: its type's simple name and its message, cut short. */
        private static String describe(Throwable t) {
            String message = t.getMessage();
            String text = t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
            return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
        }
    }
}
