package dev.kiln.server;

import dev.kiln.ResponseStream;
import dev.kiln.StreamClosedException;
import dev.kiln.compression.Compression;
import dev.kiln.compression.ContentEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link ResponseStream}: a response head, then {@code HttpContent} pieces, then the last one, written
 * through the connection's handler to {@code HttpServerCodec}, which frames them (chunked on HTTP/1.1).
 *
 * <p><b>Attached or not yet.</b> A stream started on a {@code @Blocking} route's worker knows its connection at once
 * and writes through it. One started on the event loop does not: the context does not keep its connection (one
 * reference store per request that every other route would pay), so the stream is <em>attached</em> when its chain
 * returns ({@link ResponseOrder#streamChainReturned}). Until then, the event loop's writes wait in a list (nothing
 * could be sent before the handler returns anyway), and another thread's writes wait for the attachment.
 *
 * <p><b>State.</b> {@code OPEN}, then {@code CLOSED} ({@link #close()}: the end is written) or {@code GONE} (the
 * connection closed first). Writes are made on the writer's thread (Netty hands a write from another thread to the
 * event loop, in order); the end, the callbacks and everything the connection does are on the event loop.
 */
final class StreamedResponse implements ResponseStream {
    private static final Logger log = LoggerFactory.getLogger(StreamedResponse.class);
    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int GONE = 2;
    /** As much as the starter may write before the stream is attached and still be told it is writable. */
    private static final int EARLY_LIMIT = 64 * 1024;

    private final HttpResponse head;
    /** A {@code HEAD} request: the head is sent, what is written is dropped (RFC 9110 §9.3.2). */
    private final boolean headOnly;
    /** Whether the connection stays open after the stream (HTTP/1.1 and not {@code Connection: close}). */
    final boolean keepAlive;
    /** The request's {@code Accept-Encoding}, for the coding chosen when the stream is attached; null for none. */
    private final String acceptEncoding;
    /** The content coding, when the server compresses this stream; chosen when attached, before it is published. */
    private StreamEncoding encoding;
    /** The request body's size, for the connection's observer. */
    private final long bytesIn;
    /** The thread that started the stream, which may write before it is attached: the event loop. */
    private final Thread starter;

    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicLong written = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the stream is attached, turns writable, or ends: what a waiting writer waits for. */
    private final Condition changed = lock.newCondition();

    private volatile ResponseOrder connection;
    /** Set when the stream was never attached: its chain failed, and the request is answered with a 500 instead. */
    private volatile boolean discarded;
    /** The starter's writes before the stream was attached; only the starter touches it, before attaching. */
    private List<ByteBuf> early;
    /** Whether the starter flushed before the stream was attached: what it wrote is flushed when it is. */
    private boolean flushOwed;
    /** The size of {@link #early}: past {@link #EARLY_LIMIT}, the stream says it is not writable until attached. */
    private long earlyBytes;
    /** The trailer fields set so far; null when none. Written by the writer, read by the loop after close(). */
    private volatile HttpHeaders trailers;
    /** Guarded by {@link #lock}. */
    private List<Runnable> onWritable;
    /** Guarded by {@link #lock}. */
    private List<Runnable> onClose;

    /** The heartbeat's interval in nanoseconds, 0 for none, and what it writes. */
    private volatile long heartbeatEvery;
    private volatile byte[] heartbeat;
    /** When the stream was last written to, by {@link System#nanoTime()}. */
    private volatile long lastWrite = System.nanoTime();

    /** Whether the chain that started the stream has returned; the connection's, on its event loop. */
    boolean chainReturned;
    /** Whether the end (or the connection's close) has been seen by the connection; on its event loop. */
    boolean ended;

    StreamedResponse(HttpResponse head, boolean headOnly, boolean keepAlive, long bytesIn, String acceptEncoding,
                     ResponseOrder connection) {
        this.head = head;
        this.acceptEncoding = acceptEncoding;
        this.bytesIn = bytesIn;
        this.headOnly = headOnly;
        this.keepAlive = keepAlive;
        this.starter = Thread.currentThread();
        if (connection != null) attach(connection);
    }

    /** The response's status, for the connection's observer. */
    int status() {
        return head.status().code();
    }

    /** The size of the request's body. */
    long bytesIn() {
        return bytesIn;
    }

    /** The body bytes written so far. */
    long bytesWritten() {
        return written.get();
    }

    // ---- writing ---------------------------------------------------------------------------------------

    @Override
    public ResponseStream write(CharSequence text) {
        Objects.requireNonNull(text, "text == null");
        if (text.length() == 0) return this;
        checkOpen();
        send(ByteBufUtil.writeUtf8(alloc(), text));
        return this;
    }

    @Override
    public boolean offer(CharSequence text) {
        Objects.requireNonNull(text, "text == null");
        ResponseOrder c = connection;
        if (state.get() != OPEN || c == null || !c.self.channel().isWritable()) return false;
        if (text.length() == 0) return true;
        deliver(c, ByteBufUtil.writeUtf8(c.self.alloc(), text), false);
        return true;
    }

    @Override
    public ResponseStream write(byte[] bytes) {
        return write(bytes, 0, bytes.length);
    }

    @Override
    public ResponseStream write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) return this;
        checkOpen();
        send(alloc().buffer(length).writeBytes(bytes, offset, length));
        return this;
    }

    private ByteBufAllocator alloc() {
        ResponseOrder c = connection;
        return c == null ? ByteBufAllocator.DEFAULT : c.self.alloc();
    }

    /** Sends one piece: now, or into the early list, or after waiting for the client or the attachment. */
    private void send(ByteBuf piece) {
        int size = piece.readableBytes();
        ResponseOrder c = connection;
        try {
            if (c == null && Thread.currentThread() == starter) {
                if (early == null) early = new ArrayList<>();
                early.add(piece);
                earlyBytes += size;
                written.addAndGet(size);
                return;
            }
            c = awaitWritable();
        } catch (RuntimeException e) {
            piece.release();
            throw e;
        }
        deliver(c, piece, false);
    }

    /** Counts a piece as written and writes it, unless the request was a {@code HEAD}: then it is dropped. */
    private void deliver(ResponseOrder c, ByteBuf piece, boolean flush) {
        written.addAndGet(piece.readableBytes());
        lastWrite = System.nanoTime();
        if (headOnly) {
            piece.release();
        } else {
            emit(c, piece, flush);
        }
    }

    /**
     * Writes a piece to the connection, through the content coding if there is one; a failed write closes it. On an
     * HTTP/2 stream the piece goes as a DATA frame, which the stream's codec passes on as it is: a write handed to
     * the event loop from another thread counts against the stream's high-water mark by its size only as a DATA
     * frame (an {@code HttpContent} counts 9 bytes there, and a writer would never see the stream unwritable).
     */
    private void emit(ResponseOrder c, ByteBuf piece, boolean flush) {
        StreamEncoding coding = encoding;
        if (coding != null) {
            coding.write(c.self, piece, flush);
            return;
        }
        Object content = c.http2 ? new DefaultHttp2DataFrame(piece) : new DefaultHttpContent(piece);
        if (flush) {
            c.self.writeAndFlush(content, c.self.voidPromise());
        } else {
            c.self.write(content, c.self.voidPromise());
        }
    }

    /**
     * Returns the connection once the stream may be written to it: at once on the event loop (which must not wait),
     * else when it is attached and its channel writable. Throws when the stream ends meanwhile.
     */
    private ResponseOrder awaitWritable() {
        ResponseOrder c = connection;
        if (c != null && (c.self.executor().inEventLoop() || c.self.channel().isWritable())) return c;
        if (c != null) c.self.flush(); // what waits unflushed counts against the high-water mark too: send it
        lock.lock();
        try {
            while (state.get() == OPEN && ((c = connection) == null || !c.self.channel().isWritable())) {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamClosedException("interrupted while waiting for the client to read the stream");
        } finally {
            lock.unlock();
        }
        checkOpen();
        return c;
    }

    /**
     * The fields no trailer may be (RFC 9110 §6.5.1): framing, routing, the request's controls and authentication,
     * and what describes the content, which the head has already said.
     */
    private static final Set<AsciiString> NOT_TRAILERS = Set.of(HttpHeaderNames.CONTENT_LENGTH,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.TRAILER, HttpHeaderNames.TE, HttpHeaderNames.HOST,
            HttpHeaderNames.CONNECTION, HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.CONTENT_ENCODING,
            HttpHeaderNames.CONTENT_RANGE, HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.EXPIRES,
            HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.SET_COOKIE, HttpHeaderNames.WWW_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.LOCATION, HttpHeaderNames.RETRY_AFTER,
            HttpHeaderNames.VARY, HttpHeaderNames.DATE);

    @Override
    public ResponseStream trailer(String name, String value) {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(value, "value == null");
        checkOpen();
        if (NOT_TRAILERS.contains(AsciiString.of(name).toLowerCase())) {
            throw new IllegalArgumentException(name + " cannot be a trailer field (RFC 9110 §6.5.1)");
        }
        HttpHeaders t = trailers;
        if (t == null) trailers = t = new DefaultHttpHeaders(); // validates the name and the value
        t.add(name, value);
        return this;
    }

    private void checkOpen() {
        int s = state.get();
        if (s == GONE) throw new StreamClosedException("the client of this stream has gone away");
        if (s == CLOSED) throw new IllegalStateException("the stream is closed");
    }

    @Override
    public ResponseStream flush() {
        ResponseOrder c = connection;
        if (state.get() != OPEN) return this;
        if (c == null) {
            if (Thread.currentThread() == starter) flushOwed = true; // at the attachment, through the coding too
            return this;
        }
        if (encoding != null) {
            encoding.flush(c.self, true); // the coding's sync flush, then the socket's
        } else {
            c.self.flush();
        }
        return this;
    }

    @Override
    public boolean isWritable() {
        if (state.get() != OPEN) return false;
        ResponseOrder c = connection;
        return c == null ? Thread.currentThread() == starter && earlyBytes < EARLY_LIMIT : c.self.channel().isWritable();
    }

    @Override
    public boolean isOpen() {
        return state.get() == OPEN;
    }

    @Override
    public void onWritable(Runnable task) {
        Objects.requireNonNull(task, "task == null");
        ResponseOrder c = connection;
        if (c != null && c.self.executor().inEventLoop() && isWritable()) {
            task.run();
            return;
        }
        lock.lock();
        try {
            if (state.get() != OPEN) return;
            if (onWritable == null) onWritable = new ArrayList<>(1);
            onWritable.add(task);
        } finally {
            lock.unlock();
        }
        c = connection;
        if (c != null) c.self.executor().execute(this::writabilityChanged); // it may have turned meanwhile
    }

    @Override
    public void onClose(Runnable task) {
        Objects.requireNonNull(task, "task == null");
        lock.lock();
        try {
            if (state.get() == OPEN) {
                if (onClose == null) onClose = new ArrayList<>(1);
                onClose.add(task);
                return;
            }
        } finally {
            lock.unlock();
        }
        ResponseOrder c = connection;
        if (c == null || c.self.executor().inEventLoop()) {
            task.run();
        } else {
            c.self.executor().execute(task);
        }
    }

    @Override
    public ResponseStream heartbeat(Duration every, CharSequence beat) {
        Objects.requireNonNull(every, "every == null");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive: " + every);
        if (beat.length() == 0) throw new IllegalArgumentException("beat is empty");
        heartbeat = beat.toString().getBytes(StandardCharsets.UTF_8);
        heartbeatEvery = every.toNanos();
        return this;
    }

    /** Whether the stream has a heartbeat: one that may run forever, ended rather than waited for at shutdown. */
    boolean beats() {
        return heartbeatEvery != 0;
    }

    /**
     * On the event loop, from the connection's timer: writes the heartbeat if the stream has been quiet for its
     * interval and the client keeps up (a client that does not read is not idle, and the loop must not wait).
     */
    void tick(long now) {
        long every = heartbeatEvery;
        ResponseOrder c = connection;
        if (every == 0 || c == null || now - lastWrite < every || state.get() != OPEN) return;
        if (!c.self.channel().isWritable()) return;
        byte[] beat = heartbeat;
        deliver(c, c.self.alloc().buffer(beat.length).writeBytes(beat), true);
    }

    @Override
    public OutputStream outputStream() {
        return new StreamOutput(this);
    }

    // ---- ending ----------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (!state.compareAndSet(OPEN, CLOSED)) return;
        signal();
        ResponseOrder c = connection;
        if (c == null) {
            if (Thread.currentThread() == starter) return; // attach() writes the end
            c = awaitAttached();
            if (c == null) return;
        }
        ResponseOrder attached = c;
        if (c.self.executor().inEventLoop()) {
            end(attached);
        } else {
            c.self.executor().execute(() -> end(attached)); // behind the writes this thread made
        }
    }

    /** Waits, after {@link #close()} on another thread, for the starter's chain to attach the stream. */
    private ResponseOrder awaitAttached() {
        lock.lock();
        try {
            ResponseOrder c;
            while ((c = connection) == null) {
                changed.awaitUninterruptibly(); // attached when the chain returns, or discarded if it failed
                if (discarded) return null;
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** On the event loop: writes the end of the stream, then tells the connection. */
    private void end(ResponseOrder c) {
        ChannelHandlerContext self = c.self;
        if (self.channel().isActive()) {
            if (encoding != null) encoding.finish(self);
            HttpHeaders t = trailers;
            self.writeAndFlush(t == null || headOnly ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, t), self.voidPromise());
        }
        runOnClose();
        c.streamEnded(this);
    }

    /**
     * On the event loop, when the chain that started the stream returns, or at once on a worker: the head and the
     * starter's early writes go out, and the end if the stream was closed already. Returns whether it still runs.
     */
    void attach(ResponseOrder c) {
        if (connection != null) return;
        ChannelHandlerContext self = c.self;
        if (c.settings.compression != null && !headOnly) encoding = coding(c.settings.compression);
        self.write(head, self.voidPromise());
        if (early != null) {
            for (ByteBuf piece : early) {
                if (headOnly) {
                    piece.release();
                } else {
                    emit(c, piece, false);
                }
            }
            early = null;
        }
        if (flushOwed && encoding != null) encoding.flush(self, false); // the socket is flushed by the caller
        lock.lock();
        try {
            connection = c;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!self.executor().inEventLoop()) {
            self.executor().execute(() -> c.adopt(this)); // behind the head: the connection learns of the stream
        }
        if (state.get() == CLOSED) {
            end(c);
        } else if (self.executor().inEventLoop()) {
            writabilityChanged(); // a producer that stopped at the early limit goes on, now or when writable
        }
    }

    /**
     * The content coding to compress this stream with, as the server's compression and the request's
     * {@code Accept-Encoding} decide (the size does not count: it is not known), with the head changed to say so:
     * {@code Content-Encoding}, {@code Vary}, and no {@code Content-Length} (the coded length is another). Null to
     * send it as it is.
     */
    private StreamEncoding coding(Compression compression) {
        HttpHeaders headers = head.headers();
        int status = head.status().code();
        if (Responses.hasNoContent(status) || headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || !compression.compressible(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
            return null;
        }
        String vary = headers.get(HttpHeaderNames.VARY);
        headers.set(HttpHeaderNames.VARY, vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
        ContentEncoder encoder = compression.choose(acceptEncoding);
        StreamEncoding coding = encoder == null ? null : StreamEncoding.of(encoder);
        if (coding == null) return null;
        headers.set(HttpHeaderNames.CONTENT_ENCODING, encoder.name());
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            if (keepAlive) headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return coding;
    }

    /** The stream's chain failed before it was attached: nothing was sent, so the request gets a 500 instead. */
    void discard() {
        state.set(GONE);
        discarded = true;
        if (early != null) {
            early.forEach(ByteBuf::release);
            early = null;
        }
        signal();
    }

    /** On the event loop: the connection closed, or its handler failed after the head was sent. */
    void gone() {
        int was = state.getAndSet(GONE);
        signal();
        if (was != GONE) runOnClose();
    }

    /** On the event loop: the channel's writability changed. */
    void writabilityChanged() {
        ResponseOrder c = connection;
        if (c == null) return;
        signal();
        if (!c.self.channel().isWritable()) return;
        List<Runnable> tasks;
        lock.lock();
        try {
            tasks = onWritable;
            onWritable = null;
        } finally {
            lock.unlock();
        }
        if (tasks != null && state.get() == OPEN) tasks.forEach(StreamedResponse::runTask);
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runOnClose() {
        List<Runnable> tasks;
        lock.lock();
        try {
            tasks = onClose;
            onClose = null;
            onWritable = null;
        } finally {
            lock.unlock();
        }
        if (tasks != null) tasks.forEach(StreamedResponse::runTask);
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A callback of a streamed response failed", e);
        }
    }
}
