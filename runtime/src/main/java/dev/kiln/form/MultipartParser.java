package dev.kiln.form;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code multipart/form-data} (RFC 7578) in RFC 2046 §5.1's framing: a preamble, then parts each opened by a
 * delimiter line ({@code --boundary}, transport padding, CRLF), a head of header lines and a blank line, and the
 * content up to the next CRLF-and-delimiter; {@code --boundary--} closes the body and the epilogue is ignored.
 * Every part needs {@code Content-Disposition: form-data; name="..."}; one with a {@code filename} is an
 * {@link Upload}, the others are fields read as UTF-8.
 *
 * <p>The content is scanned for the delimiter {@code CRLF--boundary} byte by byte only where a CR is (found with
 * {@link ByteBuf#indexOf}); a match may span buffers: its bytes so far are held back, and given to the part after
 * all if the match fails. Since a boundary holds no CR, a failed match can only restart at the byte that failed
 * it. The body is read as if it began with a CRLF, so the first delimiter needs none.
 *
 * <p>A file part stays in memory up to {@link FormLimits#memoryThreshold()} bytes and is then written on to a
 * temporary file in {@link FormLimits#directory()}; the file of a body not finished is deleted by {@link #close()}.
 */
final class MultipartParser extends FormParser {
    /** The most bytes of one part's head (its header lines); more is a 400. */
    static final int MAX_HEAD = 8 * 1024;
    /** The most transport-padding bytes after a delimiter. */
    private static final int MAX_PADDING = 64;
    /** RFC 2046 §5.1.1: a boundary is 1 to 70 of these, not ending in a space. */
    private static final String BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
    private static final byte CR = '\r';

    private enum State { PREAMBLE, DELIMITER_LINE, CLOSE_DASH, LINE_END, HEAD, BODY, EPILOGUE }

    /** {@code CRLF--boundary}. */
    private final byte[] delimiter;
    private State state = State.PREAMBLE;
    /** Bytes of {@link #delimiter} matched so far; the body starts as if after a CRLF. */
    private int matched = 2;
    private int padding;
    private byte[] head = new byte[256];
    private int headLength;

    // The part being read.
    private String partName;
    /** Its file name; null for a field. */
    private String fileName;
    private String partType;
    private byte[] memory;
    private int memoryLength;
    private long partSize;
    private Path file;
    private FileChannel channel;

    MultipartParser(FormLimits limits, String boundary) {
        super(limits);
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw FormRejected.malformed("a multipart boundary is 1 to 70 characters, not ending in a space");
        }
        for (int i = 0; i < boundary.length(); i++) {
            if (BCHARS.indexOf(boundary.charAt(i)) < 0) {
                throw FormRejected.malformed("a multipart boundary holds '" + boundary.charAt(i) + "'");
            }
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void read(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case PREAMBLE, BODY -> i = scan(buf, i, to);
                case EPILOGUE -> i = to;
                case HEAD -> i = head(buf, i, to);
                default -> delimiterLine(buf.getByte(i++));
            }
        }
    }

    /** Content up to the next delimiter, or to {@code to}; returns where it stopped. */
    private int scan(ByteBuf buf, int i, int to) {
        int dataFrom = i;
        int carried = matched; // delimiter bytes matched in earlier buffers
        int matchBegin = -1;   // where a match begun in this buffer began
        while (i < to) {
            if (matched == 0) {
                int cr = buf.indexOf(i, to, CR);
                if (cr < 0) {
                    i = to;
                    break;
                }
                matchBegin = cr;
                matched = 1;
                i = cr + 1;
            } else if (buf.getByte(i) == delimiter[matched]) {
                i++;
                if (++matched == delimiter.length) {
                    if (matchBegin >= 0) data(buf, dataFrom, matchBegin);
                    matched = 0;
                    if (state == State.BODY) endPart();
                    state = State.DELIMITER_LINE;
                    padding = 0;
                    return i;
                }
            } else {
                // Not a delimiter after all: what was held back from earlier buffers is content, before this one's.
                if (carried > 0) {
                    data(Unpooled.wrappedBuffer(delimiter, 0, carried), 0, carried);
                    carried = 0;
                }
                matched = 0;
                matchBegin = -1; // the byte that failed is looked at again: it may begin a match
            }
        }
        if (matched == 0) data(buf, dataFrom, to);
        else if (matchBegin >= 0) data(buf, dataFrom, matchBegin);
        // else the match runs through the whole buffer: nothing in it is content yet
        return to;
    }

    /** What follows a delimiter: {@code --} (the close), or transport padding and a CRLF (a part). */
    private void delimiterLine(byte b) {
        switch (state) {
            case DELIMITER_LINE -> {
                if (b == '-' && padding == 0) {
                    state = State.CLOSE_DASH;
                } else if (b == ' ' || b == '\t') {
                    if (++padding > MAX_PADDING) throw FormRejected.malformed("a boundary line with too much padding");
                } else if (b == CR) {
                    state = State.LINE_END;
                } else {
                    throw FormRejected.malformed("a boundary followed by other text");
                }
            }
            case CLOSE_DASH -> {
                if (b != '-') throw FormRejected.malformed("a boundary followed by other text");
                state = State.EPILOGUE;
            }
            case LINE_END -> {
                if (b != '\n') throw FormRejected.malformed("a boundary line not ended by CRLF");
                countPart();
                state = State.HEAD;
                headLength = 0;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** A part's head, up to its blank line; returns where it stopped. */
    private int head(ByteBuf buf, int i, int to) {
        while (i < to) {
            if (headLength == MAX_HEAD) throw FormRejected.malformed("a part's headers longer than " + MAX_HEAD + " bytes");
            if (headLength == head.length) head = Arrays.copyOf(head, Math.min(MAX_HEAD, 2 * headLength));
            head[headLength++] = buf.getByte(i++);
            boolean empty = headLength == 2 && head[0] == CR && head[1] == '\n';
            if (empty || headLength >= 4 && head[headLength - 4] == CR && head[headLength - 3] == '\n'
                    && head[headLength - 2] == CR && head[headLength - 1] == '\n') {
                startPart(empty ? "" : utf8(head, headLength - 4, "a part's headers"));
                state = State.BODY;
                matched = 0;
                return i;
            }
        }
        return i;
    }

    /** Reads the part's header lines (RFC 7578 §4.2, §4.4). */
    private void startPart(String headers) {
        String disposition = null;
        String type = null;
        for (String line : headers.isEmpty() ? new String[0] : headers.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.indexOf('\r') >= 0
                    || line.indexOf('\n') >= 0) {
                throw FormRejected.malformed("a part's header line is malformed");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) disposition = value;
            else if (name.equals("content-type")) type = value;
        }
        int semi = disposition == null ? -1 : disposition.indexOf(';');
        String name = semi < 0 ? null : parameter(disposition.substring(semi + 1), "name");
        if (name == null || !disposition.substring(0, semi).trim().equalsIgnoreCase("form-data")) {
            throw FormRejected.malformed("a part without Content-Disposition: form-data; name=\"...\"");
        }
        partName = name;
        fileName = parameter(disposition.substring(semi + 1), "filename");
        partType = type == null || type.isEmpty() ? (fileName == null ? "text/plain" : "application/octet-stream") : type;
        memory = new byte[64];
        memoryLength = 0;
        partSize = 0;
    }

    /** Content of the part being read (nothing before the first part). */
    private void data(ByteBuf buf, int from, int to) {
        int n = to - from;
        if (state != State.BODY || n == 0) return;
        partSize += n;
        if (partSize > limits.maxPartSize()) {
            throw FormRejected.tooLarge("part '" + partName + "' larger than " + limits.maxPartSize() + " bytes");
        }
        if (channel == null && (fileName == null || partSize <= limits.memoryThreshold())) {
            if (memoryLength + n > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.max(memoryLength + n, Math.min(2L * memory.length, limits.maxPartSize())));
            }
            buf.getBytes(from, memory, memoryLength, n);
            memoryLength += n;
            return;
        }
        try {
            if (channel == null) spill();
            for (int done = 0; done < n; ) {
                done += buf.getBytes(from + done, (GatheringByteChannel) channel, n - done);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write upload '" + partName + "' to " + file, e);
        }
    }

    /** Moves the file part being read from memory to a new temporary file. */
    private void spill() throws IOException {
        file = limits.directory() == null ? Files.createTempFile("kiln-upload-", ".tmp")
                : Files.createTempFile(limits.directory(), "kiln-upload-", ".tmp");
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.write(java.nio.ByteBuffer.wrap(memory, 0, memoryLength));
        memory = null;
        memoryLength = 0;
    }

    private void endPart() {
        if (fileName == null) {
            addField(partName, utf8(memory, memoryLength, "field '" + partName + "'"));
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write upload '" + partName + "' to " + file, e);
            } finally {
                channel = null;
            }
            addUpload(new Upload(partName, fileName, partType, partSize, null, file));
            file = null;
        } else {
            addUpload(new Upload(partName, fileName, partType, partSize, Arrays.copyOf(memory, memoryLength), null));
        }
        memory = null;
    }

    @Override
    void end() {
        if (state != State.EPILOGUE) throw FormRejected.malformed("the body ends before its closing boundary");
    }

    @Override
    void abandon() {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // the file goes next anyway
        }
        channel = null;
        try {
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete upload " + file, e);
        } finally {
            file = null;
        }
    }
}
