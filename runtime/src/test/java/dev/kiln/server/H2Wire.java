package dev.kiln.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw HTTP/2 connection for tests: frames written byte by byte as RFC 9113 §4.1 lays them out, header blocks
 * encoded by hand as HPACK literals (RFC 7541 §6.2.2, never indexed into a table), so that a test can send what no
 * client library would: uppercase names, pseudo-headers out of order, frames on closed streams, floods. The
 * server's header blocks are decoded with Netty's HPACK decoder. Every read has a timeout.
 */
final class H2Wire implements AutoCloseable {
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;

    static final int NO_ERROR = 0x0;
    static final int PROTOCOL_ERROR = 0x1;
    static final int FLOW_CONTROL_ERROR = 0x3;
    static final int STREAM_CLOSED = 0x5;
    static final int FRAME_SIZE_ERROR = 0x6;
    static final int REFUSED_STREAM = 0x7;
    static final int CANCEL = 0x8;
    static final int COMPRESSION_ERROR = 0x9;
    static final int ENHANCE_YOUR_CALM = 0xb;

    /** One frame as read; a HEADERS frame's block decoded as it was read, since HPACK's table depends on the order. */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** The error code of a RST_STREAM or a GOAWAY. */
        int errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return (payload[at] & 0xff) << 24 | (payload[at + 1] & 0xff) << 16 | (payload[at + 2] & 0xff) << 8
                    | payload[at + 3] & 0xff;
        }

        /** The last stream id of a GOAWAY. */
        int lastStream() {
            return ((payload[0] & 0x7f) << 24 | (payload[1] & 0xff) << 16 | (payload[2] & 0xff) << 8 | payload[3] & 0xff);
        }

        @Override
        public String toString() {
            return "frame type " + type + " flags " + flags + " stream " + stream + " length " + payload.length;
        }
    }

    /** A response: its header block decoded, and its body. */
    /** A response: its head, its body, and its trailers (null when it has none). */
    record Response(Http2Headers headers, byte[] body, Http2Headers trailers) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);
    /** Frames read while looking for another, kept for the next reads. */
    private final List<Frame> kept = new ArrayList<>();

    private H2Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** A connection that has sent the preface and an empty SETTINGS. */
    static H2Wire connect(int port) throws IOException {
        return open(port, 0).preface();
    }

    /** A connected socket that has sent nothing yet; {@code receiveBuffer} 0 for the system's default. */
    static H2Wire open(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(Wire.READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), Wire.READ_TIMEOUT_MS);
        return new H2Wire(socket);
    }

    /** The connection preface (RFC 9113 §3.4) and a SETTINGS frame with {@code settings} (id, value pairs). */
    /** Waits up to {@code millis} for each read from now on. */
    H2Wire timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    H2Wire preface(int... settings) throws IOException {
        out.write(PREFACE);
        return settings(settings);
    }

    H2Wire settings(int... idValues) throws IOException {
        byte[] p = new byte[idValues.length / 2 * 6];
        for (int i = 0; i < idValues.length / 2; i++) {
            int id = idValues[2 * i];
            int value = idValues[2 * i + 1];
            p[6 * i] = (byte) (id >> 8);
            p[6 * i + 1] = (byte) id;
            p[6 * i + 2] = (byte) (value >>> 24);
            p[6 * i + 3] = (byte) (value >> 16);
            p[6 * i + 4] = (byte) (value >> 8);
            p[6 * i + 5] = (byte) value;
        }
        return frame(SETTINGS, 0, 0, p);
    }

    H2Wire frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(header(type, flags, stream, payload.length));
        out.write(payload);
        out.flush();
        return this;
    }

    /** The bytes of a frame, for tests that send many at once. */
    static byte[] frameBytes(int type, int flags, int stream, byte[] payload) {
        byte[] h = header(type, flags, stream, payload.length);
        byte[] all = new byte[h.length + payload.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(payload, 0, all, h.length, payload.length);
        return all;
    }

    H2Wire raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    private static byte[] header(int type, int flags, int stream, int length) {
        return new byte[] {(byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
    }

    /** A header block of HPACK literals without indexing: {@code name, value, name, value, ...}, as given. */
    static byte[] block(String... nameValues) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.write(0x00);
            literal(b, nameValues[i]);
            literal(b, nameValues[i + 1]);
        }
        return b.toByteArray();
    }

    private static void literal(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = bytes.length;
        if (n < 127) {
            b.write(n);
        } else { // RFC 7541 §5.1: the 7-bit prefix full, then 7 bits at a time
            b.write(127);
            n -= 127;
            while (n >= 128) {
                b.write(n % 128 + 128);
                n /= 128;
            }
            b.write(n);
        }
        b.write(bytes, 0, bytes.length);
    }

    /** A GET of {@code path} on {@code stream}, ending the stream. */
    H2Wire get(int stream, String path) throws IOException {
        return headers(stream, true, ":method", "GET", ":scheme", "http", ":path", path, ":authority", "localhost");
    }

    H2Wire headers(int stream, boolean endStream, String... nameValues) throws IOException {
        return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block(nameValues));
    }

    H2Wire data(int stream, boolean endStream, byte[] bytes) throws IOException {
        return frame(DATA, endStream ? END_STREAM : 0, stream, bytes);
    }

    H2Wire rst(int stream, int code) throws IOException {
        return frame(RST_STREAM, 0, stream, int32(code));
    }

    H2Wire windowUpdate(int stream, int increment) throws IOException {
        return frame(WINDOW_UPDATE, 0, stream, int32(increment));
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    /**
     * The next frame from the server; SETTINGS are acknowledged as they come, and other frames kept from an earlier
     * search come first. Null when the server closed the connection.
     */
    Frame next() throws IOException {
        if (!kept.isEmpty()) return kept.remove(0);
        while (true) {
            Frame f = read();
            if (f == null) return null;
            if (f.type() == SETTINGS && !f.has(ACK)) {
                acknowledge();
                continue;
            }
            if (f.type() == SETTINGS || f.type() == WINDOW_UPDATE || f.type() == PING && f.has(ACK)) continue;
            return f;
        }
    }

    private Frame read() throws IOException {
        byte[] h = new byte[9];
        try {
            in.readFully(h);
        } catch (EOFException | SocketException e) {
            return null;
        }
        int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | h[2] & 0xff;
        int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | h[8] & 0xff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        int type = h[3] & 0xff;
        return new Frame(type, h[4] & 0xff, stream, payload, type == HEADERS ? decodeBlock(stream, payload) : null);
    }

    /** The next frame of {@code type}, keeping the others read meanwhile for later; fails at the connection's end. */
    Frame expect(int type) throws IOException {
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i).type() == type) return kept.remove(i);
        }
        while (true) {
            Frame f = read();
            if (f == null) throw new AssertionError("the connection closed before a frame of type " + type);
            if (f.type() == SETTINGS && !f.has(ACK)) {
                acknowledge();
            } else if (f.type() == type) {
                return f;
            } else if (f.type() != SETTINGS && f.type() != WINDOW_UPDATE) {
                kept.add(f);
            }
        }
    }

    /** The GOAWAY the server sends, skipping what comes before it. */
    Frame goAway() throws IOException {
        return expect(GOAWAY);
    }

    /** The GOAWAY the server sent before it closed the connection, or null if none could be read. */
    Frame goAwayIfAny() {
        try {
            return goAway();
        } catch (IOException | AssertionError e) {
            return null;
        }
    }

    /** The RST_STREAM the server sends for {@code stream}, skipping what comes before it. */
    Frame reset(int stream) throws IOException {
        while (true) {
            Frame f = expect(RST_STREAM);
            if (f.stream() == stream) return f;
        }
    }

    /** The response on {@code stream}: its HEADERS (after any 1xx) and DATA frames up to END_STREAM. */
    Response response(int stream) throws IOException {
        Http2Headers headers = null;
        Http2Headers trailers = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Frame> others = new ArrayList<>();
        try {
            while (true) {
                Frame f = next();
                if (f == null) throw new AssertionError("the connection closed before the response on stream " + stream);
                if (f.stream() != stream || f.type() != HEADERS && f.type() != DATA && f.type() != RST_STREAM) {
                    others.add(f);
                    continue;
                }
                if (f.type() == RST_STREAM) {
                    throw new AssertionError("stream " + stream + " reset with code " + f.errorCode());
                }
                if (f.type() == HEADERS) {
                    Http2Headers h = decode(f);
                    if (headers == null && h.status() != null && h.status().charAt(0) == '1') continue; // interim
                    if (headers == null) {
                        headers = h;
                    } else {
                        trailers = h;
                    }
                } else {
                    body.write(f.payload());
                    if (f.payload().length > 0) openWindows(stream, f.payload().length);
                }
                if (f.has(END_STREAM)) return new Response(headers, body.toByteArray(), trailers);
            }
        } finally {
            kept.addAll(0, others);
        }
    }

    /** Acknowledges the server's SETTINGS; a server that has closed the connection is not told. */
    private void acknowledge() {
        try {
            frame(SETTINGS, ACK, 0, new byte[0]);
        } catch (IOException closed) {
            // the frames still to read say why
        }
    }

    /** Gives back {@code n} bytes of window to the connection and {@code stream}, as a client that reads does. */
    void openWindows(int stream, int n) {
        try {
            windowUpdate(0, n).windowUpdate(stream, n);
        } catch (IOException closed) {
            // the frames still to read say why
        }
    }

    /** The header block of a HEADERS frame, decoded when it was read. */
    Http2Headers decode(Frame headers) {
        return headers.headers();
    }

    /** A header block (no padding or priority: the server sends neither), in the order the server sent them. */
    private Http2Headers decodeBlock(int stream, byte[] payload) {
        ByteBuf block = Unpooled.wrappedBuffer(payload);
        try {
            return hpack.decodeHeaders(stream, block);
        } catch (Http2Exception e) {
            throw new AssertionError("the server's header block does not decode", e);
        } finally {
            block.release();
        }
    }

    /** Whether the server has closed the connection: reads until its end, or fails after the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (read() != null) {
                // frames sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
