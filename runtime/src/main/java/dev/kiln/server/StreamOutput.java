package dev.kiln.server;

import dev.kiln.ResponseStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A {@link ResponseStream} as an {@link OutputStream}: bytes gathered into pieces of {@link #PIECE}, so that code
 * writing a byte or a field at a time sends pieces of a useful size; {@code flush()} sends what is gathered, and
 * {@code close()} ends the stream.
 */
final class StreamOutput extends OutputStream {
    static final int PIECE = 8192;

    private final ResponseStream stream;
    private final byte[] buffer = new byte[PIECE];
    private int count;

    StreamOutput(ResponseStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(int b) {
        if (count == PIECE) drain();
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length >= PIECE) { // larger than a piece: send what is gathered, then this as it is
            drain();
            stream.write(bytes, offset, length);
            return;
        }
        if (length > PIECE - count) drain();
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    @Override
    public void flush() {
        drain();
        stream.flush();
    }

    @Override
    public void close() {
        if (!stream.isOpen()) return;
        drain();
        stream.close();
    }

    private void drain() {
        if (count == 0) return;
        int n = count;
        count = 0;
        stream.write(buffer, 0, n);
    }
}
