package dev.kiln;

import java.io.OutputStream;
import java.time.Duration;

/**
 * A response written in pieces, of a length not known when it starts: an export, a feed, an event stream. On
 * HTTP/1.1 it goes out chunked (RFC 9112 §7.1); to an HTTP/1.0 client, unframed, and the connection closes at its end.
 * {@link Context#stream(String)} starts one.
 *
 * <p>It may be written from the request's thread, from a {@code @Blocking} route's worker, or from any other thread
 * after the handler returned; one thread at a time. The connection waits for it: requests the client pipelined
 * behind it are answered, in order, after {@link #close()}.
 *
 * <p><b>Back-pressure.</b> The server keeps no more of the stream than its socket's high-water mark while the
 * client does not read. Off the event loop, a write waits while the client is behind. On the event loop nothing may
 * wait: a write there always goes into the outbound buffer, so a producer on the loop checks {@link #isWritable()}
 * and continues in {@link #onWritable}.
 *
 * <p><b>A client that goes away</b> is seen by the writer: {@link #isOpen()} turns false, the {@link #onClose}
 * callbacks run, and a write throws {@link StreamClosedException}, so the work producing the stream stops.
 */
public interface ResponseStream extends AutoCloseable {

    /** Writes {@code text} as UTF-8. Not flushed: see {@link #flush()}. */
    ResponseStream write(CharSequence text);

    /** Writes {@code bytes} (copied). Not flushed: see {@link #flush()}. */
    ResponseStream write(byte[] bytes);

    /** Writes {@code length} bytes of {@code bytes} from {@code offset} (copied). Not flushed. */
    ResponseStream write(byte[] bytes, int offset, int length);

    /**
     * Writes {@code text} as UTF-8 if that needs no wait: the stream is open, attached to its connection and the
     * client keeps up; else writes nothing. Never waits, on any thread: for a thread that feeds many streams, which
     * must not be held up by one slow client. Not flushed.
     *
     * @return whether it was written
     */
    boolean offer(CharSequence text);

    /** Sends what has been written so far; the writes of one piece of work are cheaper flushed once. */
    ResponseStream flush();

    /** Whether a write now would be sent without waiting: the stream is open and the client keeps up. */
    boolean isWritable();

    /**
     * Runs {@code task} once on the connection's event loop when the stream is writable again (at once, there, if it
     * is now); not at all if the stream closes first. For producers on the event loop, which must not wait.
     */
    void onWritable(Runnable task);

    /** Whether the stream still goes to its client: not closed, and the client has not gone away. */
    boolean isOpen();

    /**
     * Runs {@code task} once when the stream ends, on the connection's event loop: after {@link #close()}, or when
     * the client goes away or the server closes the connection. At once, there, if the stream has ended.
     */
    void onClose(Runnable task);

    /**
     * Writes {@code beat} (and flushes) whenever nothing was written for {@code every}, from the connection's event
     * loop, never waiting: an event stream's comment line, an empty line of NDJSON. It keeps proxies from closing an
     * idle connection and finds a client that has gone at the next beat. The server's connection timer sends it, so
     * it may come up to a quarter of the server's header timeout late. A stream with a heartbeat is one that could
     * run forever: when the server shuts down, it is ended (its {@link #onClose} callbacks run) rather than waited
     * for.
     */
    ResponseStream heartbeat(Duration every, CharSequence beat);

    /**
     * The stream as an {@link OutputStream} for code that writes to one (a CSV writer, a JSON generator): writes are
     * gathered into pieces of 8 KiB; {@code flush()} sends them; {@code close()} ends the stream. For threads that
     * may wait: a {@code @Blocking} route's worker or a thread of your own.
     */
    OutputStream outputStream();

    /**
     * Adds a trailer field, sent after the body when the stream is closed: a checksum or a status known only at the
     * end. On HTTP/2 the trailers are the stream's last HEADERS frame; on HTTP/1.1 they follow the last chunk (RFC 9112
     * §7.1.2). A response that is not chunked (an HTTP/1.0 client, or a {@code Content-Length} the handler set) and
     * a {@code HEAD} response have no place for them, and they are dropped. Fields that frame, route or describe the
     * content ({@code Content-Length}, {@code Content-Type}, {@code Host}, {@code Trailer}, ...) cannot be trailers
     * (RFC 9110 §6.5.1).
     *
     * @throws IllegalArgumentException a field that cannot be a trailer, or a name or value HTTP does not allow
     * @throws IllegalStateException    the stream is closed
     */
    ResponseStream trailer(String name, String value);

    /**
     * Ends the response: what was written is flushed, then its trailers if any, then the end of the stream. Closing
     * again does nothing. The connection goes on to the next request, if any.
     */
    @Override
    void close();
}
