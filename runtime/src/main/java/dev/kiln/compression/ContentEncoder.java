package dev.kiln.compression;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One content coding a response body can be compressed with (RFC 9110 §8.4.1): its token, such as {@code gzip},
 * and the compression. {@link #gzip(int)} is built in; {@code zstd} comes with the {@code kiln-zstd} module. An
 * encoder must be thread-safe: one instance serves every event loop.
 */
public interface ContentEncoder {
    /** The coding's token in {@code Accept-Encoding} and {@code Content-Encoding}, lower case, such as {@code gzip}. */
    String name();

    /** {@code body[offset, offset + length)} compressed. */
    byte[] encode(byte[] body, int offset, int length);

    /**
     * A compressing stream for a response of unknown length, writing into {@code out}: its {@code flush()} must put
     * out everything written so far in a form the client can decode at once (a sync flush), so that a piece a handler
     * flushes is not held back, and its {@code close()} ends the coding. Null, the default, for a coding that cannot
     * stream: streamed responses then go uncompressed. Made per response, used by one thread at a time.
     */
    default OutputStream streaming(OutputStream out) throws IOException {
        return null;
    }

    /** gzip (RFC 1952) at {@code level}, 1 (fastest) to 9 (smallest); 6 is zlib's own default. */
    static ContentEncoder gzip(int level) {
        return new Gzip(level);
    }
}
