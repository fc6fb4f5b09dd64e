package dev.kiln.compression.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.compression.Compression;
import dev.kiln.compression.ContentEncoder;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.KilnServer;
import dev.kiln.test.KilnTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** zstd as a content coding: what it writes decompresses with the reference decoder, and a server offers it. */
class ZstdTest {
    private static final String TEXT = "zstd compresses this text well. ".repeat(300);

    @Test
    void whatItWritesTheReferenceDecoderReads() {
        byte[] plain = ("xx" + TEXT + "xx").getBytes(StandardCharsets.UTF_8);
        byte[] encoded = Zstd.level(3).encode(plain, 2, plain.length - 4);
        assertTrue(encoded.length < plain.length / 10, "compressed: " + encoded.length);
        byte[] decoded = com.github.luben.zstd.Zstd.decompress(encoded, plain.length);
        assertTrue(TEXT.equals(new String(decoded, StandardCharsets.UTF_8)), "the text comes back");
        assertArrayEquals(new byte[0], com.github.luben.zstd.Zstd.decompress(Zstd.level(1).encode(new byte[0], 0, 0), 0));
        assertThrows(IllegalArgumentException.class, () -> Zstd.level(20));
    }

    @Test
    void aStreamOfItIsDecodableAtEachFlushAndWholeAtItsClose() throws IOException {
        ByteArrayOutputStream coded = new ByteArrayOutputStream();
        OutputStream out = Zstd.level(3).streaming(coded);
        out.write("first piece\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        int afterFlush = coded.size();
        assertTrue(afterFlush > 0, "a flush puts out what was written");
        try (InputStream partial = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(coded.toByteArray()))
                .setContinuous(true)) {
            assertEquals("first piece\n", new String(partial.readNBytes(12), StandardCharsets.UTF_8),
                    "decodable before the stream ends");
        }
        out.write("second piece\n".getBytes(StandardCharsets.UTF_8));
        out.close();
        try (InputStream whole = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(coded.toByteArray()))) {
            assertEquals("first piece\nsecond piece\n", new String(whole.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerOffersItFirstAndFallsBackToGzip() {
        Routes routes = new Routes(List.of(new RouteInfo("GET", "/text", "Test#text()", List.of(), List.of()))) {
            @Override
            public int match(int method, String path, int end, PathMatch match) {
                return path.startsWith("/text") ? 0 : -1;
            }

            @Override
            public void step(int route, int index, Context ctx) {
                ctx.text(TEXT);
            }

            @Override
            public int maxParams() {
                return 0;
            }
        };
        KilnTest app = KilnTest.of(new KilnServer(routes).compression(
                Compression.builder().encoders(Zstd.level(3), ContentEncoder.gzip(6)).build()));
        KilnTest.Response both = app.call("GET", "/text").header("Accept-Encoding", "gzip, deflate, br, zstd").send();
        assertEquals("zstd", both.header("Content-Encoding"));
        String decoded = new String(com.github.luben.zstd.Zstd.decompress(both.body(), TEXT.length()), StandardCharsets.UTF_8);
        assertTrue(decoded.equals(TEXT), "the body decompresses to the text");
        assertEquals("gzip", app.call("GET", "/text").header("Accept-Encoding", "gzip").send().header("Content-Encoding"));
    }
}
