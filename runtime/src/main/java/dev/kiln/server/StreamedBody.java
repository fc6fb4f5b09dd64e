package dev.kiln.server;

import dev.kiln.Problem;
import dev.kiln.RequestRejected;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body handed to its handler as it arrives, for a route that streams its body ({@code @Body InputStream}
 * on a {@code @Blocking} route): the event loop adds the decoder's pieces, the handler's worker reads them.
 *
 * <p><b>Back-pressure.</b> When more than {@link #HIGH} bytes wait unread, the connection stops reading (its
 * socket's buffers then fill, and TCP tells the client to wait); once the reader is down to {@link #LOW}, reading
 * resumes. So a 1 GiB upload costs the server a few hundred KiB whatever the handler's pace.
 *
 * <p><b>Ends.</b> The last piece ends the stream ({@code read} returns -1). A body that grows past the route's
 * limit fails the read with a 413 ({@link RequestRejected}, answered as a bad request is), and a client that leaves
 * fails it with an {@link IOException}. What the handler leaves unread is released when its request ends, and the
 * rest of the body is read and dropped, so the connection can serve the next request.
 */
final class StreamedBody {
    /** Unread bytes past which the connection stops reading. */
    static final int HIGH = 256 * 1024;
    /** Unread bytes under which a paused connection reads again. */
    static final int LOW = 64 * 1024;

    private final Channel channel;
    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();

    // Guarded by lock.
    private final ArrayDeque<ByteBuf> parts = new ArrayDeque<>();
    private long unread;
    private boolean ended;
    private boolean paused;
    private boolean discarded;
    private RuntimeException failure;

    /** Received so far, against the limit; the event loop's. */
    private long received;

    StreamedBody(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    // ---- the event loop's side -------------------------------------------------------------------------

    /**
     * Adds a piece (taking it over). Returns false when the body is now over its limit: the reader is failed with a
     * 413, and the caller stops reading the connection.
     */
    boolean offer(ByteBuf piece) {
        received += piece.readableBytes();
        if (received > limit) {
            piece.release();
            fail(new Refused(413, "body larger than " + limit + " bytes"));
            return false;
        }
        lock.lock();
        try {
            if (discarded || failure != null) {
                piece.release(); // the handler is done with the body: the rest is dropped
                return true;
            }
            parts.add(piece);
            unread += piece.readableBytes();
            if (unread > HIGH && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** The last piece has come. */
    void end() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body will not be complete: the client left, or it broke its framing. */
    void fail(RuntimeException why) {
        lock.lock();
        try {
            if (failure == null && !ended) failure = why;
            releaseParts();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the whole body has come. */
    boolean isComplete() {
        lock.lock();
        try {
            return ended && failure == null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the last piece has come, or the body failed. */
    boolean isOver() {
        lock.lock();
        try {
            return ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** The request has ended: what is unread is released, and what still comes is dropped. */
    void discard() {
        lock.lock();
        try {
            discarded = true;
            releaseParts();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void releaseParts() {
        ByteBuf b;
        while ((b = parts.poll()) != null) b.release();
        unread = 0;
    }

    // ---- the handler's side ----------------------------------------------------------------------------

    /** The body as an {@link InputStream}, for the handler's worker; reading waits for the client. */
    InputStream inputStream() {
        return new Input();
    }

    private int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) return 0;
        boolean resume = false;
        int n;
        lock.lock();
        try {
            ByteBuf head;
            while ((head = parts.peek()) == null) {
                if (failure != null) {
                    if (failure instanceof RequestRejected rejected) throw rejected; // 413 or 400, answered as such
                    throw new IOException(failure.getMessage(), failure);
                }
                if (ended || discarded) return -1;
                arrived.awaitUninterruptibly();
            }
            n = Math.min(length, head.readableBytes());
            head.readBytes(into, offset, n);
            if (!head.isReadable()) parts.poll().release();
            unread -= n;
            if (paused && unread <= LOW) {
                paused = false;
                resume = true;
            }
        } finally {
            lock.unlock();
        }
        if (resume) channel.eventLoop().execute(this::resumeReading);
        return n;
    }

    /** On the event loop: reads again, unless the body ended meanwhile (then the connection decides). */
    private void resumeReading() {
        if (!isOver()) channel.config().setAutoRead(true);
    }

    private int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, unread);
        } finally {
            lock.unlock();
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = StreamedBody.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, into.length);
            return StreamedBody.this.read(into, offset, length);
        }

        @Override
        public int available() {
            return StreamedBody.this.available();
        }
    }

    /**
     * Why a body streaming to its handler cannot be read to its end for a fault of the client's: past the route's limit
     * (413) or a bad chunk (400). The handler's read throws it, and it is answered as a bad request is.
     */
    static final class Refused extends RequestRejected {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Refused(int status, String detail) {
            super(detail);
            this.problem = Problem.of(status, detail);
        }

        @Override
        public int status() {
            return problem.status();
        }

        @Override
        public Problem problem() {
            return problem;
        }
    }
}
