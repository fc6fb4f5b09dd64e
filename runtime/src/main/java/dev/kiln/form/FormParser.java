package dev.kiln.form;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a form body incrementally: {@link #offer} each buffer as it comes, then {@link #finish()} for the
 * {@link FormData}; {@link #close()} when reading stops early, to delete what was spilled to disk. It keeps no
 * buffer it is offered (it copies what it needs), so the caller releases each as usual. A body that breaks the
 * encoding's rules or a {@link FormLimits limit} throws a {@link FormRejected} from the call that sees it.
 *
 * <p>Two encodings: {@code application/x-www-form-urlencoded} (the WHATWG URL standard's
 * <a href="https://url.spec.whatwg.org/#application/x-www-form-urlencoded">parser</a>, strict about percent-escapes
 * and UTF-8) and {@code multipart/form-data} (<a href="https://www.rfc-editor.org/rfc/rfc7578">RFC 7578</a> over
 * RFC 2046 §5.1). Not thread-safe: one request's reader feeds it.
 */
public abstract class FormParser implements AutoCloseable {
    /** The media type of URL-encoded forms. */
    public static final String URLENCODED = "application/x-www-form-urlencoded";
    /** The media type of multipart forms. */
    public static final String MULTIPART = "multipart/form-data";
    /** What a 415 says a route reading a form takes. */
    public static final String EITHER = URLENCODED + " or " + MULTIPART;

    final FormLimits limits;
    final Map<String, List<String>> fields = new LinkedHashMap<>();
    final Map<String, List<Upload>> uploads = new LinkedHashMap<>();
    /** Bytes offered so far, against {@link FormLimits#maxFormSize()}. */
    private long total;
    /** Fields and parts begun so far, against {@link FormLimits#maxParts()}. */
    private int parts;
    private boolean finished;

    FormParser(FormLimits limits) {
        this.limits = limits;
    }

    /**
     * A parser for a body of {@code contentType} (parameters included), or null when that is neither form encoding
     * (or absent). A multipart type without a valid boundary is a {@link FormRejected} 400.
     */
    public static FormParser of(String contentType, FormLimits limits) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (media.equals(URLENCODED)) return new UrlEncodedParser(limits);
        if (!media.equals(MULTIPART)) return null;
        String boundary = semi < 0 ? null : parameter(contentType.substring(semi + 1), "boundary");
        if (boundary == null) throw FormRejected.malformed("multipart/form-data without a boundary parameter");
        return new MultipartParser(limits, boundary);
    }

    /** Reads {@code chunk}'s readable bytes; its indexes are left as they were and it is not released. */
    public final void offer(ByteBuf chunk) {
        if (finished) throw new IllegalStateException("offer after finish");
        int n = chunk.readableBytes();
        if (n == 0) return;
        total += n;
        if (total > limits.maxFormSize()) {
            close();
            throw FormRejected.tooLarge("larger than " + limits.maxFormSize() + " bytes");
        }
        try {
            read(chunk, chunk.readerIndex(), chunk.writerIndex());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The form, once the whole body was offered; a body cut short is a {@link FormRejected} 400. */
    public final FormData finish() {
        if (finished) throw new IllegalStateException("finish twice");
        try {
            end();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        finished = true;
        return new FormData(this instanceof MultipartParser, fields, uploads);
    }

    /** Deletes the temporary files of a body not {@link #finish() finished}; after finish, the form's own close does it. */
    @Override
    public final void close() {
        if (finished) return;
        finished = true;
        for (List<Upload> list : uploads.values()) list.forEach(Upload::delete);
        abandon();
    }

    /** Reads bytes {@code [from, to)} of {@code buf}. */
    abstract void read(ByteBuf buf, int from, int to);

    /** The body is over: check that it ended where the encoding allows, and keep the last field. */
    abstract void end();

    /** Reading stopped early: let go of a part being written. */
    abstract void abandon();

    /** Counts one more field or part, refusing one past {@link FormLimits#maxParts()}. */
    final void countPart() {
        if (++parts > limits.maxParts()) throw FormRejected.malformed("more than " + limits.maxParts() + " fields and parts");
    }

    final void addField(String name, String value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    final void addUpload(Upload upload) {
        uploads.computeIfAbsent(upload.name(), k -> new ArrayList<>(1)).add(upload);
    }

    /** {@code bytes[0, length)} as UTF-8, refusing bytes that are not (no silent replacement characters). */
    static String utf8(byte[] bytes, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw FormRejected.malformed(what + " is not UTF-8");
        }
    }

    /**
     * The value of parameter {@code name} in {@code params} ({@code ; a=b; name="c"}), unquoted; null when absent.
     * In a quoted value only {@code \"} and {@code \\} are escapes, as Go's {@code mime} package reads them.
     * Names compare case-insensitively (RFC 9110 §5.6.6).
     */
    static String parameter(String params, String name) {
        int i = 0;
        int n = params.length();
        while (i < n) {
            while (i < n && (params.charAt(i) == ';' || params.charAt(i) == ' ' || params.charAt(i) == '\t')) i++;
            int eq = i;
            while (eq < n && params.charAt(eq) != '=' && params.charAt(eq) != ';') eq++;
            String key = params.substring(i, eq).trim();
            if (eq >= n || params.charAt(eq) == ';') {
                i = eq;
                continue;
            }
            i = eq + 1;
            while (i < n && (params.charAt(i) == ' ' || params.charAt(i) == '\t')) i++;
            StringBuilder value = new StringBuilder();
            if (i < n && params.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = params.charAt(i++);
                    if (c == '\\' && i < n && (params.charAt(i) == '"' || params.charAt(i) == '\\')) {
                        // Only \" and \\ are escapes: some browsers send a Windows path's backslashes as they are.
                        value.append(params.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) throw FormRejected.malformed("unterminated quoted parameter " + key);
                while (i < n && params.charAt(i) != ';') i++;
            } else {
                int end = i;
                while (end < n && params.charAt(end) != ';') end++;
                value.append(params, i, end);
                i = end;
                value.setLength(value.toString().trim().length());
            }
            if (key.equalsIgnoreCase(name)) return value.toString();
        }
        return null;
    }
}
