package dev.kiln.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Negotiation by Accept-Encoding (RFC 9110 §12.5.3), the types and sizes compressed, and gzip both ways. */
class CompressionTest {
    /** A second coding, to see the server's order and the client's weights decide between two. */
    private static final ContentEncoder ZSTD = new ContentEncoder() {
        @Override
        public String name() {
            return "zstd";
        }

        @Override
        public byte[] encode(byte[] body, int offset, int length) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void theWeightOfACodingIsItsOwnEntrysElseTheStarsElseNothing() {
        assertEquals(1.0, Compression.quality("gzip, deflate, br", "gzip"));
        assertEquals(0.5, Compression.quality("br;q=1.0, gzip;q=0.5", "gzip"));
        assertEquals(0.3, Compression.quality("br, *;q=0.3", "gzip"), "the star stands for what is not named");
        assertEquals(0.0, Compression.quality("gzip;q=0, *", "gzip"), "q=0 refuses, whatever the star says");
        assertEquals(0.0, Compression.quality("br", "gzip"));
        assertEquals(1.0, Compression.quality("x-gzip", "gzip"), "x-gzip is gzip (RFC 9110 §8.4.1.3)");
        assertEquals(0.0, Compression.quality("gzip;q=high", "gzip"), "a weight that does not parse accepts nothing");
        assertEquals(1.0, Compression.quality("GZIP ; Q=1", "gzip"), "tokens are case-insensitive");
    }

    @Test
    void theHighestWeightWinsAndATieGoesToTheServersOrder() {
        Compression both = Compression.builder().encoders(ZSTD, ContentEncoder.gzip(6)).build();
        assertSame(ZSTD, both.choose("gzip, zstd"), "a tie: the server's first");
        assertEquals("gzip", both.choose("gzip, zstd;q=0.5").name(), "the client's weight first");
        assertNull(both.choose("br"));
        assertNull(both.choose(null), "no header: the body as it is");
        assertNull(both.choose("identity"));
        assertNull(both.choose("*;q=0"));
    }

    @Test
    void textJsonXmlAndTheirFamiliesFromTheMinimumSizeAreCompressible() {
        Compression c = Compression.gzip();
        assertTrue(c.compressible("text/html; charset=utf-8", 2048));
        assertTrue(c.compressible("application/json", 1024));
        assertTrue(c.compressible("application/problem+json", 5000), "+json");
        assertTrue(c.compressible("application/atom+xml", 5000), "+xml");
        assertTrue(c.compressible("TEXT/CSV", 5000));
        assertFalse(c.compressible("application/json", 1023), "under the minimum");
        assertFalse(c.compressible("image/png", 100_000), "already compressed");
        assertFalse(c.compressible("application/octet-stream", 100_000));
        assertFalse(c.compressible(null, 100_000), "no type, no guess");
        assertFalse(c.compressible("application/jsonx", 5000));
        Compression own = Compression.builder().types("application/x-ndjson").minSize(0).build();
        assertTrue(own.compressible("application/x-ndjson", 1));
        assertFalse(own.compressible("text/plain", 1));
    }

    @Test
    void gzipRoundTripsThroughTheJdksReaderAtEveryLevelAndSize() throws IOException {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 100, 65_536, 300_000}) {
            byte[] plain = new byte[size];
            for (int k = 0; k < size; k++) plain[k] = (byte) "abcdefgh ijk\n".charAt(random.nextInt(13));
            for (int level : new int[] {1, 6, 9}) {
                byte[] gz = ContentEncoder.gzip(level).encode(plain, 0, plain.length);
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                    assertArrayEquals(plain, in.readAllBytes(), size + " bytes at level " + level);
                }
            }
        }
        byte[] part = "xxhelloxx".getBytes(StandardCharsets.US_ASCII);
        byte[] gz = ContentEncoder.gzip(6).encode(part, 2, 5);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.US_ASCII), "a slice of an array");
        }
        assertThrows(IllegalArgumentException.class, () -> ContentEncoder.gzip(0));
    }

    @Test
    void aRequestBodyIsDecompressedUpToTheLimitAndNoFurther() throws IOException {
        Compression c = Compression.builder().decompressRequests(true).build();
        byte[] bomb = gzip(new byte[10_000_000]); // 10 MB of zeros in about 10 KB
        assertTrue(bomb.length < 20_000);
        assertNull(c.decompress("gzip", new ByteArrayInputStream(bomb), 1_000_000), "expands past the limit");
        byte[] plain = "{\"title\":\"milk\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(plain, c.decompress("gzip", new ByteArrayInputStream(gzip(plain)), 100));
        assertThrows(IOException.class, () -> c.decompress("gzip", new ByteArrayInputStream(plain), 100));
        assertTrue(c.accepts("GZIP"));
        assertFalse(c.accepts("br"));
        assertFalse(Compression.gzip().accepts("gzip"), "off unless turned on");
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
