package dev.kiln.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 connection for tests: writes exactly the bytes given and parses responses by hand, so that
 * tests see what went over the wire, including malformed requests no client library would send. Every read has
 * a timeout, so a test never hangs the build.
 */
final class Wire implements AutoCloseable {
    /** How long a read waits before the test fails. */
    static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static Wire connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** A connection over a socket already connected, for tests that also write to it from another thread. */
    static Wire over(Socket socket) throws IOException {
        return new Wire(socket);
    }

    /** A connection whose socket receive buffer is {@code receiveBuffer} bytes (0: the system's default). */
    static Wire connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer); // before connecting: it sets the window
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        return new Wire(socket);
    }

    Wire send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Wire send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** {@code GET path} with a Host header and the given extra header lines. */
    static String get(String path, String... headers) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        return sb.append("\r\n").toString();
    }

    /** One response as sent: status, headers by lower-case name, and the body its Content-Length announced. */
    record Response(String version, int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads the next response; a response to HEAD must be read with {@link #readHead()}. */
    Response read() throws IOException {
        return read(true);
    }

    /** Reads the next response's head only: for HEAD requests and interim (1xx) responses. */
    Response readHead() throws IOException {
        return read(false);
    }

    private Response read(boolean withBody) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body = new byte[0];
        List<String> length = headers.get("content-length");
        List<String> coding = headers.get("transfer-encoding");
        if (withBody && status >= 200 && length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (withBody && status >= 200 && coding != null && coding.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] chunk;
            while ((chunk = readChunk()) != null) all.write(chunk);
            body = all.toByteArray();
        }
        return new Response(parts[0], status, headers, body);
    }

    /**
     * Reads one chunk of a chunked body whose head {@link #readHead()} has read: its data, or null for the last
     * chunk (whose trailer section is read too).
     */
    byte[] readChunk() throws IOException {
        String size = line();
        if (size == null) throw new IOException("connection closed inside a chunked body");
        int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
        if (n == 0) {
            trailers = new ArrayList<>();
            String trailer;
            while ((trailer = line()) != null && !trailer.isEmpty()) trailers.add(trailer);
            return null;
        }
        byte[] data = in.readNBytes(n);
        if (data.length < n || !"".equals(line())) throw new IOException("chunk of " + n + " bytes cut short");
        return data;
    }

    /** The trailer section of the last chunked body {@link #readChunk} read to its end, a field per line. */
    List<String> trailers() {
        return trailers;
    }

    private List<String> trailers = List.of();

    /** Reads up to the end of the stream: the body of a response that the connection's close ends. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection: end of stream (or a reset) within the read timeout. */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true; // reset: closed with unread data, which is also closed
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The TLS session of a connection made over an {@code SSLSocket}. */
    javax.net.ssl.SSLSession session() {
        return ((javax.net.ssl.SSLSocket) socket).getSession();
    }

    /** Sets how long reads wait, for tests that expect silence. */
    Wire timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
