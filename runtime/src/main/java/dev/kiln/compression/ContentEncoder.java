package dev.kiln.compression;

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

    /** gzip (RFC 1952) at {@code level}, 1 (fastest) to 9 (smallest); 6 is zlib's own default. */
    static ContentEncoder gzip(int level) {
        return new Gzip(level);
    }
}
