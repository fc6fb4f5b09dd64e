package dev.kiln.server;

import dev.kiln.compression.ContentEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The content coding of one streamed response: each piece goes through the coding's stream ({@link
 * ContentEncoder#streaming}) and what comes out is written on; a flush is a sync flush, so the client can decode all
 * that was flushed. The coding is a state shared by every piece, and pieces may come from the writer's thread and
 * from the event loop (heartbeats), so coding and writing a piece happen under one lock: in the order they are
 * coded, the pieces reach the connection.
 */
final class StreamEncoding {
    private final ByteArrayOutputStream coded = new ByteArrayOutputStream(8192);
    private final OutputStream encoder;
    private final ReentrantLock lock = new ReentrantLock();

    private StreamEncoding(ContentEncoder coding) throws IOException {
        this.encoder = coding.streaming(coded);
    }

    /** The coding of a stream in {@code coding}, or null when that coding cannot stream. */
    static StreamEncoding of(ContentEncoder coding) {
        try {
            StreamEncoding e = new StreamEncoding(coding);
            return e.encoder == null ? null : e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Codes {@code piece} (releasing it) and writes what the coding gives out to {@code self}; with {@code flush},
     * after a sync flush of the coding, and then flushes the socket.
     */
    void write(ChannelHandlerContext self, ByteBuf piece, boolean flush) {
        lock.lock();
        try {
            try {
                piece.readBytes(encoder, piece.readableBytes());
                if (flush) encoder.flush();
            } finally {
                piece.release();
            }
            emit(self, flush);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: does not happen
        } finally {
            lock.unlock();
        }
    }

    /** A sync flush of the coding: all written so far can be decoded; then the socket is flushed if asked. */
    void flush(ChannelHandlerContext self, boolean socket) {
        lock.lock();
        try {
            encoder.flush();
            emit(self, socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the coding and writes what is left of it (gzip's trailer, say). */
    void finish(ChannelHandlerContext self) {
        lock.lock();
        try {
            encoder.close();
            emit(self, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private void emit(ChannelHandlerContext self, boolean flush) {
        if (coded.size() > 0) {
            ByteBuf out = self.alloc().buffer(coded.size());
            try {
                coded.writeTo(new ByteBufOutputStream(out));
            } catch (IOException e) {
                out.release();
                throw new UncheckedIOException(e);
            }
            coded.reset();
            // On an HTTP/2 stream a DATA frame, for the stream's back-pressure (see StreamedResponse.emit)
            self.write(self.channel() instanceof Http2StreamChannel ? new DefaultHttp2DataFrame(out)
                    : new DefaultHttpContent(out), self.voidPromise());
        }
        if (flush) self.flush();
    }
}
