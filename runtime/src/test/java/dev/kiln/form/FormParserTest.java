package dev.kiln.form;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both form parsers fed whole and split at every position: the same form either way, every malformed body a 400,
 * every limit its 400 or 413, and no temporary file left behind by a body finished, refused or abandoned.
 */
class FormParserTest {
    private static final String URLENCODED = "application/x-www-form-urlencoded";
    private static final String BOUNDARY = "XyZ-12'()+_,./:=?";
    private static final String MULTIPART = "multipart/form-data; boundary=\"" + BOUNDARY + "\"";

    @TempDir
    Path dir;

    // ---- application/x-www-form-urlencoded --------------------------------------------------------------------

    @Test
    void urlEncodedFieldsAreDecodedInOrderAndEmptySequencesSkipped() {
        FormData form = parse(URLENCODED, bytes("a=1&b=x+y%2B&&a=%C3%A9t%C3%A9&c&=v&d="), FormLimits.DEFAULTS);
        assertFalse(form.isMultipart());
        assertEquals(List.of("1", "été"), form.fields("a"));
        assertEquals("x y+", form.field("b"));
        assertEquals("", form.field("c"));
        assertEquals("v", form.field(""));
        assertEquals("", form.field("d"));
        assertEquals(List.of("a", "b", "c", "", "d"), form.fieldNames());
        assertNull(form.field("missing"));
    }

    @Test
    void urlEncodedSplitAtEveryPositionReadsTheSame() {
        byte[] body = bytes("name=J%C3%BCrgen+M%C3%BCller&tags=a&tags=b%26c&x=%3d%3D");
        for (int split = 0; split <= body.length; split++) {
            FormData form = parseSplit(URLENCODED, body, FormLimits.DEFAULTS, split);
            assertEquals("Jürgen Müller", form.field("name"), "split at " + split);
            assertEquals(List.of("a", "b&c"), form.fields("tags"), "split at " + split);
            assertEquals("==", form.field("x"), "split at " + split);
        }
    }

    @Test
    void malformedUrlEncodedBodiesAre400() {
        for (String body : List.of("a=%zz", "a=%4", "a=%", "a=%C3", "%FF=1", "a=%C3%28")) {
            FormRejected e = assertThrows(FormRejected.class, () -> parse(URLENCODED, bytes(body), FormLimits.DEFAULTS), body);
            assertEquals(400, e.status(), body);
        }
    }

    @Test
    void urlEncodedLimitsAre400ForCountAnd413ForSize() {
        FormLimits limits = new FormLimits(16, 3, 10, 40, dir);
        assertEquals(3, parse(URLENCODED, bytes("a=1&b=2&c=3"), limits).fieldNames().size());
        assertEquals(400, assertThrows(FormRejected.class, () -> parse(URLENCODED, bytes("a=1&b=2&c=3&d=4"), limits)).status());
        assertEquals("123456789", parse(URLENCODED, bytes("a=123456789"), limits).field("a"), "name and value: 10 bytes");
        assertEquals(413, assertThrows(FormRejected.class, () -> parse(URLENCODED, bytes("a=1234567890"), limits)).status());
        assertEquals(413, assertThrows(FormRejected.class,
                () -> parse(URLENCODED, bytes("a=1234&b=1234&c=1234&" + "&".repeat(30)), limits)).status());
    }

    // ---- multipart/form-data -----------------------------------------------------------------------------------

    /** A body whose file content holds near-delimiters: a CR, CRLF-dash-dash, and the boundary cut one short. */
    private static final byte[] TRICKY = bytes("line one\r\n--XyZ-12'()+_,./:=\r\r\n-\r\n--XyZ\r\n\r\nend\r");

    private static byte[] multipartBody(byte[] file) {
        return concat(bytes("preamble, ignored\r\n--" + BOUNDARY + " \t\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "Grüße\r\n--" + BOUNDARY + "\r\n"
                + "content-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"), file, bytes("\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\dir\\a.txt\"\r\n\r\n"
                + "\r\n--" + BOUNDARY + "--\r\nepilogue, ignored"));
    }

    @Test
    void multipartFieldsAndFilesSplitAtEveryPositionReadTheSame() throws IOException {
        byte[] body = multipartBody(TRICKY);
        for (int split = 0; split <= body.length; split++) {
            try (FormData form = parseSplit(MULTIPART, body, FormLimits.DEFAULTS, split)) {
                assertTrue(form.isMultipart());
                assertEquals("Grüße", form.field("title"), "split at " + split);
                assertEquals(List.of("title"), form.fieldNames());
                List<Upload> files = form.uploads("file");
                assertEquals(2, files.size(), "split at " + split);
                assertEquals("a \"b\".txt", files.get(0).fileName());
                assertEquals("text/plain", files.get(0).contentType());
                assertArrayEquals(TRICKY, files.get(0).bytes(), "split at " + split);
                assertEquals(TRICKY.length, files.get(0).size());
                assertEquals("C:\\dir\\a.txt", files.get(1).fileName(), "a backslash not before a quote is kept");
                assertEquals("application/octet-stream", files.get(1).contentType());
                assertEquals(0, files.get(1).size());
            }
        }
    }

    @Test
    void multipartFedOneByteAtATimeReadsTheSame() throws IOException {
        byte[] body = multipartBody(TRICKY);
        FormParser parser = FormParser.of(MULTIPART, new FormLimits(8, 10, 1000, 10_000, dir));
        for (byte b : body) parser.offer(Unpooled.wrappedBuffer(new byte[] {b}));
        try (FormData form = parser.finish()) {
            assertArrayEquals(TRICKY, form.upload("file").bytes());
            assertTrue(form.upload("file").inFile());
            assertEquals("Grüße", form.field("title"));
        }
        assertEquals(0, files(dir));
    }

    @Test
    void aFilePartOverTheThresholdSpillsToATemporaryFileThatCloseDeletes() throws IOException {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31);
        FormLimits limits = new FormLimits(1024, 10, 1 << 20, 1 << 20, dir);
        FormData form = parseSplit(MULTIPART, multipartBody(content), limits, 3000);
        Upload upload = form.upload("file");
        assertTrue(upload.inFile());
        assertEquals(1, files(dir));
        try (InputStream in = upload.inputStream()) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertFalse(form.uploads("file").get(1).inFile(), "an empty part stays in memory");
        form.close();
        assertEquals(0, files(dir));
        assertThrows(IOException.class, upload::bytes, "the content is gone with its request");
    }

    @Test
    void aMovedUploadIsKeptWhereItWasMoved(@TempDir Path kept) throws IOException {
        byte[] content = bytes("x".repeat(5000));
        FormData form = parse(MULTIPART, multipartBody(content), new FormLimits(100, 10, 1 << 20, 1 << 20, dir));
        Path target = kept.resolve("saved.bin");
        form.upload("file").moveTo(target);
        form.close();
        assertEquals(0, files(dir));
        assertArrayEquals(content, Files.readAllBytes(target));
        Path small = kept.resolve("small.bin");
        form.uploads("file").get(1).moveTo(small);
        assertEquals(0, Files.size(small));
    }

    @Test
    void malformedMultipartBodiesAre400AndLeaveNoFile() {
        String open = "--" + BOUNDARY + "\r\n";
        String field = "Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n";
        String close = "--" + BOUNDARY + "--\r\n";
        List<String> bodies = List.of(
                "",                                                                 // no part, no close
                open + field,                                                       // no closing boundary
                open + "Content-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + "y".repeat(300), // cut off
                open + "Content-Type: text/plain\r\n\r\nvalue\r\n" + close,         // no Content-Disposition
                open + "Content-Disposition: form-data\r\n\r\nvalue\r\n" + close,    // no name
                open + "Content-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n" + close, // not form-data
                open + "Content-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n" + close, // folded header
                open + "No colon here\r\n\r\nv\r\n" + close,                         // header without a colon
                open + "X: " + "h".repeat(MultipartParser.MAX_HEAD) + "\r\n\r\nv\r\n" + close, // head too long
                "--" + BOUNDARY + "junk\r\n" + field + close,                       // boundary followed by text
                "--" + BOUNDARY + "\rX" + field + close,                            // boundary line without LF
                open + "Content-Disposition: form-data; name=\"a\r\n\r\nv\r\n" + close, // unterminated quote
                open + "Content-Disposition: form-data; name=\"a\"\r\n\r\n\u00ff\r\n" + close); // field not UTF-8
        for (String body : bodies) {
            byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
            FormRejected e = assertThrows(FormRejected.class,
                    () -> parse(MULTIPART, raw, new FormLimits(64, 10, 1 << 20, 1 << 20, dir)), body);
            assertEquals(400, e.status(), body);
        }
        assertEquals(0, files(dir));
    }

    @Test
    void aContentTypeWithoutAValidBoundaryIs400() {
        for (String type : List.of("multipart/form-data", "multipart/form-data; charset=utf-8", "multipart/form-data; boundary=",
                "multipart/form-data; boundary=\"a b \"", "multipart/form-data; boundary=" + "b".repeat(71),
                "multipart/form-data; boundary=a\u00e9")) {
            assertEquals(400, assertThrows(FormRejected.class, () -> FormParser.of(type, FormLimits.DEFAULTS), type).status());
        }
        assertNull(FormParser.of("application/json", FormLimits.DEFAULTS));
        assertNull(FormParser.of(null, FormLimits.DEFAULTS));
        assertTrue(FormParser.of("Multipart/Form-Data;BOUNDARY=abc", FormLimits.DEFAULTS) instanceof MultipartParser);
        assertTrue(FormParser.of("application/x-www-form-urlencoded; charset=UTF-8", FormLimits.DEFAULTS) instanceof UrlEncodedParser);
    }

    @Test
    void multipartLimitsAre400ForCountAnd413ForSizeAndLeaveNoFile() {
        byte[] big = new byte[5000];
        FormLimits limits = new FormLimits(100, 3, 4000, 20_000, dir);
        FormRejected part = assertThrows(FormRejected.class, () -> parseSplit(MULTIPART, multipartBody(big), limits, 2000));
        assertEquals(413, part.status());
        assertTrue(part.getMessage().contains("part 'file'"), part.getMessage());
        FormLimits fewParts = new FormLimits(100, 2, 1 << 20, 1 << 20, dir);
        assertEquals(400, assertThrows(FormRejected.class, () -> parse(MULTIPART, multipartBody(big), fewParts)).status());
        FormLimits smallForm = new FormLimits(100, 10, 1 << 20, 3000, dir);
        assertEquals(413, assertThrows(FormRejected.class, () -> parseSplit(MULTIPART, multipartBody(big), smallForm, 2900))
                .status());
        assertEquals(0, files(dir));
    }

    @Test
    void anAbandonedParserDeletesThePartItWasWriting() {
        FormParser parser = FormParser.of(MULTIPART, new FormLimits(10, 10, 1 << 20, 1 << 20, dir));
        byte[] body = multipartBody(new byte[1000]);
        parser.offer(Unpooled.wrappedBuffer(body, 0, body.length - 200));
        assertEquals(1, files(dir));
        parser.close();
        assertEquals(0, files(dir));
    }

    /**
     * Random forms of fields and files whose contents are made of the delimiter's own pieces (CR, LF, dashes, the
     * boundary and its prefixes), encoded, cut into random chunks and read back: the same fields and bytes every
     * time. The seed is in the message; {@code -Dform.seed=N} runs one again.
     */
    @Test
    void randomFormsCutAnywhereReadBackAsTheyWereSent() throws IOException {
        long seed = Long.getLong("form.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        String[] pieces = {"\r", "\n", "\r\n", "-", "--", "\r\n--", BOUNDARY, BOUNDARY.substring(0, 5), "x", "\u00e9", " "};
        for (int round = 0; round < 300; round++) {
            int count = 1 + random.nextInt(5);
            String[] names = new String[count];
            byte[][] contents = new byte[count][];
            boolean[] isFile = new boolean[count];
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < count; k++) {
                names[k] = "p" + k;
                isFile[k] = random.nextBoolean();
                StringBuilder content = new StringBuilder();
                do { // content never holds the delimiter itself: RFC 2046 has the sender choose a boundary so
                    content.setLength(0);
                    for (int n = random.nextInt(12); n > 0; n--) content.append(pieces[random.nextInt(pieces.length)]);
                } while (content.indexOf("\r\n--" + BOUNDARY) >= 0);
                contents[k] = bytes(content.toString());
                body.writeBytes(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + names[k] + "\""
                        + (isFile[k] ? "; filename=\"f" + k + "\"" : "") + "\r\n\r\n"));
                body.writeBytes(contents[k]);
                body.writeBytes(bytes("\r\n"));
            }
            body.writeBytes(bytes("--" + BOUNDARY + "--\r\n"));
            byte[] raw = body.toByteArray();
            FormParser parser = FormParser.of(MULTIPART, new FormLimits(random.nextInt(16), 10, 1 << 20, 1 << 20, dir));
            for (int at = 0; at < raw.length; ) {
                int len = Math.min(raw.length - at, 1 + random.nextInt(20));
                parser.offer(Unpooled.wrappedBuffer(raw, at, len));
                at += len;
            }
            try (FormData form = parser.finish()) {
                for (int k = 0; k < count; k++) {
                    String where = "seed " + seed + ", round " + round + ", part " + k;
                    if (isFile[k]) assertArrayEquals(contents[k], form.upload(names[k]).bytes(), where);
                    else assertEquals(new String(contents[k], StandardCharsets.UTF_8), form.field(names[k]), where);
                }
            }
        }
        assertEquals(0, files(dir), "seed " + seed);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static FormData parse(String type, byte[] body, FormLimits limits) {
        FormParser parser = FormParser.of(type, limits);
        parser.offer(Unpooled.wrappedBuffer(body));
        return parser.finish();
    }

    /** {@code body} offered in two buffers, split at {@code split}, each at a non-zero reader index. */
    private static FormData parseSplit(String type, byte[] body, FormLimits limits, int split) {
        FormParser parser = FormParser.of(type, limits);
        for (byte[] piece : new byte[][] {java.util.Arrays.copyOfRange(body, 0, split), java.util.Arrays.copyOfRange(body, split, body.length)}) {
            var buf = Unpooled.buffer(piece.length + 3).writeBytes(new byte[] {1, 2, 3}).writeBytes(piece);
            buf.skipBytes(3);
            parser.offer(buf);
            assertEquals(3, buf.readerIndex(), "the parser leaves the buffer's indexes");
        }
        return parser.finish();
    }

    private static long files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
