package dev.kiln.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.form.FormData;
import dev.kiln.form.FormLimits;
import dev.kiln.form.FormParser;
import dev.kiln.form.FormRejected;
import dev.kiln.form.Upload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The form parsers ({@code application/x-www-form-urlencoded} and {@code multipart/form-data}) on bodies as they
 * arrive, cut into pieces anywhere: any body is either a form or a {@link FormRejected} (400 or 413), never another
 * exception, and leaves no temporary file once closed; a body a client encodes from fields and files gives them back
 * unchanged, whatever the pieces. Corpus: {@code FormParserFuzzTestInputs/}.
 */
class FormParserFuzzTest {
    /** Small limits, so that the fuzzer reaches the spill to disk and the 413s with short inputs. */
    private static final FormLimits LIMITS;

    static {
        try {
            LIMITS = new FormLimits(64, 8, 4096, 16 * 1024, Files.createTempDirectory("kiln-form-fuzz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyBodyIsAFormOrA400Or413AndLeavesNoFile(FuzzedDataProvider data) {
        String type = data.consumeBoolean() ? FormParser.URLENCODED
                : FormParser.MULTIPART + "; boundary=" + data.pickValue(List.of("b", "XyZ", "\"q b\"", "-"));
        byte[] body = data.consumeRemainingAsBytes();
        try (FormData form = parse(type, body, data)) {
            for (Upload u : form.uploads()) assertEquals(u.size(), u.bytes().length, u.toString());
        } catch (FormRejected e) {
            assertTrue(e.status() == 400 || e.status() == 413, () -> "status " + e.status());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNoFilesLeft();
    }

    @FuzzTest(maxDuration = "30s")
    void fieldsAndFilesComeBackAsEncoded(FuzzedDataProvider data) throws IOException {
        int parts = data.consumeInt(1, 5);
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<Boolean> files = new ArrayList<>();
        boolean multipart = data.consumeBoolean();
        for (int k = 0; k < parts; k++) {
            names.add("f" + k + data.consumeAsciiString(4).replaceAll("[^A-Za-z0-9_]", ""));
            boolean file = multipart && data.consumeBoolean();
            files.add(file);
            values.add(file ? data.consumeBytes(300) : data.consumeString(100).getBytes(StandardCharsets.UTF_8));
        }
        String boundary = "kiln-" + Long.toHexString(data.consumeLong());
        byte[] body = multipart ? multipart(boundary, names, values, files) : urlEncoded(names, values);
        for (byte[] value : values) if (contains(value, boundary)) return; // a client picks a boundary not in its data
        String type = multipart ? FormParser.MULTIPART + "; boundary=" + boundary : FormParser.URLENCODED;
        try (FormData form = parse(type, body, data)) {
            for (int k = 0; k < parts; k++) {
                if (files.get(k)) {
                    Upload upload = form.upload(names.get(k));
                    assertArrayEquals(values.get(k), upload.bytes(), names.get(k));
                } else {
                    assertEquals(new String(values.get(k), StandardCharsets.UTF_8), form.field(names.get(k)), names.get(k));
                }
            }
        } catch (FormRejected e) {
            // only for a form over the limits: its size, parts or a part's size
            assertEquals(413, e.status(), () -> "a well-formed body refused: " + e.getMessage());
        }
        assertNoFilesLeft();
    }

    /** {@code body} offered in pieces the fuzzer chooses, then finished; the parser closed if it fails. */
    private static FormData parse(String type, byte[] body, FuzzedDataProvider data) {
        FormParser parser = FormParser.of(type, LIMITS);
        try {
            int at = 0;
            while (at < body.length) {
                int n = Math.min(body.length - at, 1 + (data.remainingBytes() > 0 ? data.consumeInt(0, 97) : 97));
                ByteBuf piece = Unpooled.wrappedBuffer(body, at, n);
                parser.offer(piece);
                piece.release();
                at += n;
            }
            return parser.finish();
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    private static byte[] multipart(String boundary, List<String> names, List<byte[]> values, List<Boolean> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < names.size(); k++) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + names.get(k) + "\""
                    + (files.get(k) ? "; filename=\"f.bin\"\r\nContent-Type: application/octet-stream" : "") + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(values.get(k));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] urlEncoded(List<String> names, List<byte[]> values) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            if (k > 0) sb.append('&');
            sb.append(URLEncoder.encode(names.get(k), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(new String(values.get(k), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean contains(byte[] value, String boundary) {
        return new String(value, StandardCharsets.ISO_8859_1).contains(boundary);
    }

    private static void assertNoFilesLeft() {
        try (Stream<Path> left = Files.list(LIMITS.directory())) {
            List<Path> files = left.toList();
            assertTrue(files.isEmpty(), () -> "temporary files left: " + files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
