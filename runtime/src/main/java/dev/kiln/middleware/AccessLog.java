package dev.kiln.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.RouteInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request: when it was answered, method, path, route template, the status the client got, how
 * long it took, and the request id. The line is written by a thread of its own, never on the event loop.
 *
 * <pre>{@code
 * @KilnApplication
 * @Use({Recovery.class, RequestId.class, AccessLog.class})
 * public final class App {}
 *
 * AccessLog accessLog = AccessLog.builder().format(AccessLog.Format.JSON).build(); // to System.out
 * AppRoutes.builder().with(accessLog).build();
 * ...
 * accessLog.close(); // after the server has closed: writes what is queued
 * }</pre>
 *
 * <p>The two formats, {@link Format#PLAIN} (logfmt: {@code key=value}, quoted where needed) and {@link Format#JSON}
 * (JSON lines):
 *
 * <pre>
 * time=2026-12-07T14:42:03.123Z method=GET path=/users/42 route=/users/:id status=200 duration_ms=0.137 request_id=9f0c6e1d2b3a4c5d
 * {"time":"2026-12-07T14:42:03.123Z","method":"GET","path":"/users/42","route":"/users/:id","status":200,"duration_ms":0.137,"request_id":"9f0c6e1d2b3a4c5d"}
 * </pre>
 *
 * <p>{@code time} is when the response was settled, in UTC; {@code path} the raw path as sent, without the query
 * (which may carry secrets); {@code route} the template the processor generated ({@link RouteInfo#path()}), empty for
 * a request no route matched (a 404, a 405, the server's {@code OPTIONS} answer, a redirect: global middleware see
 * those); {@code status} the one the client got, read when the response is settled ({@link Context#onResponse}), so
 * after exception handlers, and 500 for a failure nothing answered; {@code duration_ms} from when AccessLog ran to
 * then, in milliseconds to the microsecond, which for a {@code CompletionStage} or a {@code @Blocking} route
 * includes the wait; {@code request_id} what {@link RequestId} gave the request, empty without one. Control
 * characters, quotes and anything beyond ASCII are escaped, so a path cannot forge a line.
 *
 * <p><b>Off the event loop.</b> On the request's thread AccessLog only records the fields in one small object and puts
 * it on a bounded queue, without a lock or a system call; the line is formatted and written by one daemon thread,
 * {@code kiln-access-log}, started by the first request, which takes what is queued, writes it, flushes when the
 * queue is empty and polls again a moment later. When the sink is slower than the requests and the queue is full, the
 * line is dropped and counted ({@link #dropped()}), never waited for; the count is also logged as a warning on
 * {@code dev.kiln.middleware.AccessLog}, at most once a second. A sink that fails counts its lines as dropped too.
 *
 * <p>Where it runs decides what it sees: on the application class, every request that reaches the chain (requests
 * refused before routing, such as a malformed one, reach none and are not logged); on a controller or a method,
 * their routes only. Put {@link RequestId} before it, or anywhere in the same chain: the id is read when the response
 * is settled. A request whose connection closes before its answer is settled (a client that gives up on a slow
 * {@code CompletionStage}) has no line.
 *
 * <p>{@link #close()} writes what is queued and stops the thread; lines of requests settled after it are dropped.
 * Without it, what is still queued when the JVM exits is lost, since the thread is a daemon. Immutable apart from
 * that, and safe for every request of the application at once.
 */
public final class AccessLog implements Middleware, AutoCloseable {
    /** How lines are written. */
    public enum Format {
        /** logfmt: {@code time=... method=GET path=/users/42 ...}, a value quoted when it needs to be. */
        PLAIN,
        /** One JSON object per line. */
        JSON
    }

    /** How many lines wait for the writer, by default, before more are dropped. */
    public static final int DEFAULT_QUEUE_SIZE = 16_384;

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    /** How long the writer sleeps when it found nothing, at most. */
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long it sleeps after a round that wrote something: lines keep coming. */
    private static final long BUSY_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How long {@link #close()} waits for the queue to be written. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** How often, at most, dropped lines are reported. */
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Format format;
    private final Sink sink;
    private final String sinkName;
    private final LineQueue<Line> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** The writer, started by the first request; null before. */
    private volatile Thread writer;
    /** When the sink last failed, by {@link System#nanoTime()}; 0 before. The writer thread's only. */
    private long lastFailure;

    private AccessLog(Builder b) {
        this.format = b.format;
        this.sink = b.sink;
        this.sinkName = b.sinkName;
        this.queue = new LineQueue<>(b.queueSize);
    }

    /** A builder for plain lines to {@code System.out}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(Context ctx) {
        if (writer == null) startWriter();
        ctx.onResponse(new Line(System.nanoTime()));
    }

    /** How many lines were dropped so far: the queue was full, the sink failed, or the log was closed. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Writes the lines queued so far, waiting up to 5 seconds for them, flushes the sink (which stays open: it is the
     * caller's) and stops the writer thread. Lines of requests settled from now on are dropped.
     */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            closed = true;
            w = writer;
        }
        if (w == null) return;
        LockSupport.unpark(w);
        try {
            w.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AccessLog[" + format + " to " + sinkName + ", queue " + queue.capacity() + "]";
    }

    private synchronized void startWriter() {
        if (writer != null || closed) return;
        Thread t = new Thread(this::writeLines, "kiln-access-log");
        t.setDaemon(true);
        t.start();
        writer = t;
    }

    /** Queues a settled request's line; drops it, counted, when the queue is full or the log closed. */
    private void offer(Line line) {
        if (closed || !queue.offer(line)) dropped.incrementAndGet();
    }

    // ---- the writer thread -------------------------------------------------------------------------------

    /** The writer thread: takes queued lines, formats and writes them, flushes when none are left, polls. */
    private void writeLines() {
        StringBuilder text = new StringBuilder(256);
        Clock clock = new Clock();
        long idle = BUSY_IDLE_NANOS;
        long reported = 0;
        long lastReport = System.nanoTime() - DROP_REPORT_NANOS;
        boolean unflushed = false;
        while (true) {
            boolean stopping = closed; // read before draining: what was queued before close() is written
            int written = 0;
            Line line;
            while ((line = queue.poll()) != null) {
                text.setLength(0);
                if (format == Format.JSON) {
                    line.json(text, clock);
                } else {
                    line.plain(text, clock);
                }
                try {
                    sink.write(text);
                    unflushed = true;
                } catch (Exception | LinkageError e) {
                    dropped.incrementAndGet();
                    failed(e);
                }
                written++;
            }
            if (unflushed) {
                try {
                    sink.flush();
                } catch (Exception | LinkageError e) {
                    failed(e);
                }
                unflushed = false;
            }
            long lost = dropped.get();
            if (lost > reported && System.nanoTime() - lastReport >= DROP_REPORT_NANOS) {
                log.warn("{} access log lines dropped ({} in all): the sink ({}) is slower than the requests or failing",
                        lost - reported, lost, sinkName);
                reported = lost;
                lastReport = System.nanoTime();
            }
            if (stopping && queue.isEmpty()) return;
            idle = written > 0 ? BUSY_IDLE_NANOS : Math.min(2 * idle, MAX_IDLE_NANOS);
            LockSupport.parkNanos(this, idle);
        }
    }

    /** Logs a failing sink, once a second at most (the writer thread only). */
    private void failed(Throwable e) {
        long now = System.nanoTime();
        if (lastFailure != 0 && now - lastFailure < DROP_REPORT_NANOS) return;
        lastFailure = now;
        log.warn("The access log's sink ({}) failed; its lines are dropped", sinkName, e);
    }

    // ---- one request's line --------------------------------------------------------------------------------

    /**
     * One request's line: its fields, recorded on the request's thread when the response is settled, and formatted on
     * the writer's. It is also the {@link Context#onResponse} listener that records them, so a request costs one
     * object. The queue's release and acquire make the fields written before {@code offer} visible to the writer.
     */
    private final class Line implements Consumer<Context> {
        private final long start;
        private long epochMillis;
        private long nanos;
        private String method;
        private String path;
        private String route;
        private String requestId;
        private int status;

        Line(long start) {
            this.start = start;
        }

        @Override
        public void accept(Context ctx) {
            nanos = System.nanoTime() - start;
            epochMillis = System.currentTimeMillis();
            method = ctx.method();
            path = ctx.path();
            RouteInfo info = ctx.route();
            route = info == null ? "" : info.path();
            String id = RequestId.of(ctx);
            requestId = id == null ? "" : id;
            status = ctx.status();
            offer(this);
        }

        void plain(StringBuilder out, Clock clock) {
            out.append("time=");
            clock.append(out, epochMillis);
            out.append(" method=");
            logfmt(out, method);
            out.append(" path=");
            logfmt(out, path);
            out.append(" route=");
            logfmt(out, route);
            out.append(" status=").append(status).append(" duration_ms=");
            millis(out, nanos);
            out.append(" request_id=");
            logfmt(out, requestId);
        }

        void json(StringBuilder out, Clock clock) {
            out.append("{\"time\":\"");
            clock.append(out, epochMillis);
            out.append("\",\"method\":");
            jsonString(out, method);
            out.append(",\"path\":");
            jsonString(out, path);
            out.append(",\"route\":");
            jsonString(out, route);
            out.append(",\"status\":").append(status).append(",\"duration_ms\":");
            millis(out, nanos);
            out.append(",\"request_id\":");
            jsonString(out, requestId);
            out.append('}');
        }
    }

    /** Milliseconds to the microsecond: {@code 0.137}. */
    static void millis(StringBuilder out, long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        out.append(micros / 1_000).append('.');
        if (fraction < 100) out.append('0');
        if (fraction < 10) out.append('0');
        out.append(fraction);
    }

    /** A logfmt value: as it is when it is plain, else quoted and escaped; nothing for an empty one. */
    static void logfmt(StringBuilder out, String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c < 0x7f && c != '"' && c != '=' && c != '\\';
        }
        if (plain) {
            out.append(value);
        } else {
            out.append('"');
            escaped(out, value);
            out.append('"');
        }
    }

    /** A JSON string. */
    static void jsonString(StringBuilder out, String value) {
        out.append('"');
        escaped(out, value);
        out.append('"');
    }

    /** {@code value} with {@code "} and {@code \} escaped, and controls and non-ASCII as {@code \}{@code uXXXX}. */
    private static void escaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ' || c >= 0x7f) {
                out.append("\\u");
                String hex = Integer.toHexString(c);
                for (int k = hex.length(); k < 4; k++) out.append('0');
                out.append(hex);
            } else {
                out.append(c);
            }
        }
    }

    /** ISO 8601 in UTC to the millisecond, the part up to the seconds made once a second (the writer thread's). */
    static final class Clock {
        private long second = Long.MIN_VALUE;
        private String prefix;

        void append(StringBuilder out, long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1000);
            if (s != second) {
                LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
                StringBuilder p = new StringBuilder(20);
                p.append(t.getYear()).append('-');
                two(p, t.getMonthValue());
                p.append('-');
                two(p, t.getDayOfMonth());
                p.append('T');
                two(p, t.getHour());
                p.append(':');
                two(p, t.getMinute());
                p.append(':');
                two(p, t.getSecond());
                prefix = p.append('.').toString();
                second = s;
            }
            int ms = (int) Math.floorMod(epochMillis, 1000);
            out.append(prefix);
            if (ms < 100) out.append('0');
            if (ms < 10) out.append('0');
            out.append(ms).append('Z');
        }

        private static void two(StringBuilder out, int n) {
            if (n < 10) out.append('0');
            out.append(n);
        }
    }

    // ---- sinks -----------------------------------------------------------------------------------------------

    /** Where the writer thread puts lines. */
    interface Sink {
        /** Writes one line, without its line break. */
        void write(CharSequence line) throws IOException;

        /** Pushes out what is buffered: the queue is empty for now. */
        void flush() throws IOException;
    }

    /** Lines as UTF-8 (they are ASCII) into a stream, in batches. */
    private static final class StreamSink implements Sink {
        private static final int BATCH = 64 * 1024;
        private final OutputStream out;
        private final byte[] buffer = new byte[BATCH];
        private int size;

        StreamSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(CharSequence line) throws IOException {
            int n = line.length() + 1;
            if (size + n > buffer.length) drain();
            if (n > buffer.length) { // a line longer than a batch: on its own
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                return;
            }
            for (int i = 0; i < line.length(); i++) buffer[size++] = (byte) line.charAt(i); // escaped: ASCII only
            buffer[size++] = '\n';
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        private void drain() throws IOException {
            if (size == 0) return;
            int n = size;
            size = 0; // a failed write loses the batch rather than repeating it forever
            out.write(buffer, 0, n);
        }
    }

    /** Lines into a {@link Writer}. */
    private record WriterSink(Writer out) implements Sink {
        @Override
        public void write(CharSequence line) throws IOException {
            out.append(line).append('\n');
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Lines as SLF4J messages at {@code INFO}; the logging backend decides where they go. */
    private record LoggerSink(Logger logger) implements Sink {
        @Override
        public void write(CharSequence line) {
            logger.info(line.toString());
        }

        @Override
        public void flush() {}
    }

    /** Configures an {@link AccessLog}; each setter replaces what was set before. */
    public static final class Builder {
        private Format format = Format.PLAIN;
        private Sink sink = new StreamSink(System.out);
        private String sinkName = "System.out";
        private int queueSize = DEFAULT_QUEUE_SIZE;

        private Builder() {}

        /** {@link Format#PLAIN} (the default) or {@link Format#JSON}. */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format == null");
            return this;
        }

        /** Writes the lines as UTF-8 to {@code out}, in batches, flushed whenever the queue is empty. Default: {@code System.out}. */
        public Builder to(OutputStream out) {
            Objects.requireNonNull(out, "out == null");
            this.sink = new StreamSink(out);
            this.sinkName = out == System.out ? "System.out" : out == System.err ? "System.err" : out.getClass().getName();
            return this;
        }

        /** Writes the lines to {@code out}, flushed whenever the queue is empty. */
        public Builder to(Writer out) {
            Objects.requireNonNull(out, "out == null");
            this.sink = new WriterSink(out);
            this.sinkName = out.getClass().getName();
            return this;
        }

        /**
         * Logs each line as a message at {@code INFO} on {@code logger}, from the writer thread, so that the logging
         * backend's own appenders, rotation and format apply; the line still carries its own time.
         */
        public Builder to(Logger logger) {
            Objects.requireNonNull(logger, "logger == null");
            this.sink = new LoggerSink(logger);
            this.sinkName = "logger " + logger.getName();
            return this;
        }

        /**
         * How many lines may wait for the writer before more are dropped, rounded up to a power of two; default
         * {@value AccessLog#DEFAULT_QUEUE_SIZE}. Each takes a slot of 4 or 8 bytes, and a queued line about 60 more.
         */
        public Builder queueSize(int lines) {
            if (lines < 1 || lines > 1 << 24) {
                throw new IllegalArgumentException("queueSize must be 1 to " + (1 << 24) + ", not " + lines);
            }
            this.queueSize = lines;
            return this;
        }

        /** The configured access log; its writer thread starts with the first request. */
        public AccessLog build() {
            return new AccessLog(this);
        }
    }
}
