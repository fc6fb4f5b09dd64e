package dev.kiln.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One client connection of the soak, over a plain socket so that it can do what an HTTP client library will not:
 * pipeline, stop half-way through a request, reset the connection (SO_LINGER 0), half-close it. It reads responses
 * framed by {@code Content-Length} or chunked, and undoes {@code Content-Encoding: gzip}. Not thread-safe.
 */
final class Conn implements Closeable {
    /** How long a read may wait: longer than the longest {@code /slow} (10 s) and an export, well under a hang. */
    static final int READ_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A response: its status, its fields (names lower-cased, the last of each), its body decoded. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean closes() {
            return "close".equalsIgnoreCase(headers.get("connection"));
        }
    }

    Conn(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sets how long a read waits for data. */
    void timeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** The next final response (1xx skipped); null when the server closed the connection before a status line. */
    Reply read(boolean head) throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) return null;
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not a status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (status < 200) continue;
            byte[] body = head || status == 204 || status == 304 ? new byte[0] : body(headers);
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = gz.readAllBytes();
                }
            }
            return new Reply(status, headers, body);
        }
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Reads up to {@code n} bytes of whatever comes; fewer at the end of the stream. */
    byte[] readSome(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** The next line of the stream without its CRLF; null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    /** Reads until the server closes; false when it did not within {@code ms}. Bytes that come are dropped. */
    boolean awaitClose(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // a response to a fault is not checked
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Stops sending: the server reads the end of the stream, the client can still read. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset (RST) instead of a FIN: SO_LINGER 0, what a client that crashes or times out does. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private byte[] body(Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) throw new IOException("the stream ended inside a chunked body");
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) break;
                body.write(exactly(n));
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected
            }
            return body.toByteArray();
        }
        String length = headers.get("content-length");
        if (length == null) return in.readAllBytes(); // to the close
        return exactly(Integer.parseInt(length));
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) throw new IOException("the stream ended after " + bytes.length + " of " + n + " body bytes");
        return bytes;
    }
}
