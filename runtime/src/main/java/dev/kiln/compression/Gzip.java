package dev.kiln.compression;

import io.netty.util.concurrent.FastThreadLocal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip with the JDK's zlib: a deflate stream between gzip's 10-byte header and its trailer (the CRC-32 and the
 * length of what was compressed). One {@link Deflater} per thread, reset between bodies, so its native memory is
 * not made and freed per response.
 */
final class Gzip implements ContentEncoder {
    /** gzip's header for a deflate stream with no file name, time or comment, from an unknown system (RFC 1952 §2.3). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final int level;
    private final FastThreadLocal<Deflater> deflaters;

    Gzip(int level) {
        if (level < 1 || level > 9) throw new IllegalArgumentException("gzip level is 1 to 9, not " + level);
        this.level = level;
        this.deflaters = new FastThreadLocal<>() {
            @Override
            protected Deflater initialValue() {
                return new Deflater(level, true); // raw deflate: gzip's header and trailer are written here
            }

            @Override
            protected void onRemoval(Deflater deflater) {
                deflater.end();
            }
        };
    }

    @Override
    public String name() {
        return "gzip";
    }

    /** The JDK's gzip stream, with every flush a sync flush. */
    @Override
    public OutputStream streaming(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 8192, true);
    }

    @Override
    public byte[] encode(byte[] body, int offset, int length) {
        Deflater deflater = deflaters.get();
        deflater.reset();
        deflater.setInput(body, offset, length);
        deflater.finish();
        // Compressed text is rarely above half its size; the buffer grows when it is.
        byte[] out = new byte[Math.max(64, HEADER.length + length / 2 + 8)];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int written = HEADER.length;
        while (!deflater.finished()) {
            if (written == out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            written += deflater.deflate(out, written, out.length - written);
        }
        CRC32 crc = new CRC32();
        crc.update(body, offset, length);
        if (written + 8 > out.length) out = java.util.Arrays.copyOf(out, written + 8);
        writeIntLe(out, written, (int) crc.getValue());
        writeIntLe(out, written + 4, length); // ISIZE: the length modulo 2^32
        return written + 8 == out.length ? out : java.util.Arrays.copyOf(out, written + 8);
    }

    private static void writeIntLe(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
    }

    /**
     * A gzip body decompressed, refusing more than {@code limit} bytes of what it expands to: the reading stops at
     * the first byte over, so a small body that would expand to gigabytes costs no more than the limit.
     *
     * @return the decompressed bytes, or null when they would be more than {@code limit}
     * @throws IOException when the body is not gzip
     */
    static byte[] decode(InputStream gzip, int limit) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(gzip)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > limit) return null;
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Override
    public String toString() {
        return "gzip (level " + level + ")";
    }
}
