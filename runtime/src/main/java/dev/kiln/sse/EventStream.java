package dev.kiln.sse;

import dev.kiln.Context;
import dev.kiln.ResponseStream;
import java.time.Duration;
import java.util.Objects;

/**
 * A Server-Sent Events response ({@code text/event-stream}, WHATWG HTML §9.2): events with data, a name, an id and a
 * reconnection time, and comments, each sent as a whole and flushed. A handler opens one with {@link #open} (or
 * takes one as a parameter, and Kiln opens it), keeps it, and sends from any thread; the browser's
 * {@code EventSource} reconnects after a drop and says the last id it saw, {@link #lastEventId()}.
 *
 * <p>A heartbeat comment goes out whenever the stream has been quiet for {@link #DEFAULT_HEARTBEAT} (see
 * {@link #heartbeat}): it keeps proxies from closing the connection, and finds a client that has gone, after which
 * {@link #isOpen()} is false, the {@link #onClose} callbacks have run and a send throws
 * {@link dev.kiln.StreamClosedException}. When the server shuts down, open event streams are ended, and browsers
 * reconnect to another instance.
 *
 * <p>Sending waits while the client is behind, except on the event loop (see {@link ResponseStream}): code that
 * sends on the event loop, or to many streams from one thread, checks {@link #isWritable()} first.
 */
public final class EventStream implements AutoCloseable {
    /** The media type of an event stream. */
    public static final String CONTENT_TYPE = "text/event-stream";
    /** How long a stream may be quiet before a heartbeat comment is sent, unless {@link #heartbeat} says otherwise. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    private static final String HEARTBEAT = ":\n\n";

    private final ResponseStream stream;
    private final String lastEventId;

    private EventStream(ResponseStream stream, String lastEventId) {
        this.stream = stream;
        this.lastEventId = lastEventId;
    }

    /**
     * Starts the event stream that answers {@code ctx}'s request, with the status and headers set so far, and
     * {@code Cache-Control: no-cache} and {@code X-Accel-Buffering: no} (so that nginx passes events on at once).
     */
    public static EventStream open(Context ctx) {
        String lastId = ctx.header("Last-Event-ID");
        if (ctx.responseHeader("Cache-Control") == null) ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        ResponseStream stream = ctx.stream(CONTENT_TYPE);
        stream.heartbeat(DEFAULT_HEARTBEAT, HEARTBEAT);
        return new EventStream(stream, lastId == null || lastId.isEmpty() ? null : lastId);
    }

    /** The {@code Last-Event-ID} the client sent when it reconnected, or null on a first connection. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Sends an event of the default type ({@code message}) with {@code data}; its lines become {@code data:} lines. */
    public EventStream send(String data) {
        return send(Event.of(data));
    }

    /** Sends an event named {@code event} with {@code data}. */
    public EventStream send(String event, String data) {
        return send(Event.of(data).named(event));
    }

    /** Sends {@code event}, whole, and flushes it. */
    public EventStream send(Event event) {
        stream.write(event.encode()).flush();
        return this;
    }

    /**
     * Sends {@code event} and flushes it if that needs no wait, else drops it: never waits, on any thread. For a
     * thread that feeds many streams (a ticker, a broadcast), which one slow client must not hold up; that client
     * misses the event, and can tell from the ids.
     *
     * @return whether it was sent
     */
    public boolean offer(Event event) {
        if (!stream.offer(event.encode())) return false;
        stream.flush();
        return true;
    }

    /** Sends a comment, which the client ignores: a line starting with a colon, for each line of {@code text}. */
    public EventStream comment(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 4);
        for (String line : Event.lines(text)) sb.append(':').append(line).append('\n');
        stream.write(sb.append('\n')).flush();
        return this;
    }

    /** Tells the client to wait {@code delay} before reconnecting after a drop. */
    public EventStream retry(Duration delay) {
        stream.write("retry: " + delay.toMillis() + "\n\n").flush();
        return this;
    }

    /** Sends the heartbeat comment whenever the stream has been quiet for {@code every}, instead of the default. */
    public EventStream heartbeat(Duration every) {
        stream.heartbeat(every, HEARTBEAT);
        return this;
    }

    /** Whether the stream still reaches its client. */
    public boolean isOpen() {
        return stream.isOpen();
    }

    /** Whether an event sent now goes out without waiting for the client. */
    public boolean isWritable() {
        return stream.isWritable();
    }

    /** Runs {@code task} once, on the connection's event loop, when the stream ends: closed, or its client gone. */
    public EventStream onClose(Runnable task) {
        stream.onClose(task);
        return this;
    }

    /** Ends the stream; the client's {@code EventSource} will reconnect unless it is closed there too. */
    @Override
    public void close() {
        stream.close();
    }

    /**
     * One event: its {@code data} (required; its lines are sent as one {@code data:} line each), and optionally a
     * name ({@code event:}), an {@code id:} the client returns as {@code Last-Event-ID} when it reconnects, and a
     * {@code retry:} time. Names and ids must be one line; an id must not contain NUL.
     */
    public record Event(String data, String name, String id, Duration retry) {
        public Event {
            Objects.requireNonNull(data, "data == null");
            if (name != null) checkOneLine("name", name);
            if (id != null) {
                checkOneLine("id", id);
                if (id.indexOf('\0') >= 0) throw new IllegalArgumentException("id contains NUL");
            }
            if (retry != null && retry.isNegative()) throw new IllegalArgumentException("retry is negative: " + retry);
        }

        /** An event of the default type with {@code data}. */
        public static Event of(String data) {
            return new Event(data, null, null, null);
        }

        /** This event with the name {@code name}. */
        public Event named(String name) {
            return new Event(data, name, id, retry);
        }

        /** This event with the id {@code id}. */
        public Event withId(String id) {
            return new Event(data, name, id, retry);
        }

        /** This event with a reconnection time. */
        public Event withRetry(Duration retry) {
            return new Event(data, name, id, retry);
        }

        /** The event as the stream carries it: its fields, one per line, and the empty line that dispatches it. */
        String encode() {
            StringBuilder sb = new StringBuilder(data.length() + 16);
            if (name != null) sb.append("event: ").append(name).append('\n');
            if (id != null) sb.append("id: ").append(id).append('\n');
            if (retry != null) sb.append("retry: ").append(retry.toMillis()).append('\n');
            for (String line : lines(data)) sb.append("data: ").append(line).append('\n');
            return sb.append('\n').toString();
        }

        /** The lines of {@code text}, split at CRLF, LF or CR, as the client will split them. */
        static String[] lines(String text) {
            return text.split("\r\n|\r|\n", -1);
        }

        private static void checkOneLine(String what, String value) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(what + " must be one line: " + value);
            }
        }
    }
}
