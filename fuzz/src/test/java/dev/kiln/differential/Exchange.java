package dev.kiln.differential;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One byte stream sent to a server over a fresh connection, and what came back: the status of each final response
 * in order (1xx interim responses are left out; 0 for an answer with no status line, HTTP/0.9) and whether the
 * server closed the connection. Reading stops at the close, after the responses {@code expected} and a short wait
 * for a close, or when nothing more comes for {@link #WAIT_MS}: a server still waiting for bytes is "open".
 */
record Exchange(List<Integer> statuses, boolean closed) {
    /** How long to wait for a response that may not come (a server waiting for body bytes that were not sent). */
    static final int WAIT_MS = 1_000;
    /** How long to wait for the close after the last response expected. */
    static final int CLOSE_WAIT_MS = 100;

    static Exchange send(int port, byte[] bytes, int expected) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), WAIT_MS);
            socket.setSoTimeout(WAIT_MS);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException reset) {
                return new Exchange(List.of(), true); // closed before we finished writing
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Integer> statuses = new ArrayList<>();
            try {
                while (true) {
                    if (statuses.size() >= expected) socket.setSoTimeout(CLOSE_WAIT_MS);
                    int status = readResponse(in);
                    if (status == EOF) return new Exchange(statuses, true);
                    if (status >= 100 && status < 200) continue;
                    statuses.add(status);
                    if (status == 0) return new Exchange(statuses, true); // HTTP/0.9: the body runs to the close
                }
            } catch (SocketTimeoutException quiet) {
                return new Exchange(statuses, false);
            } catch (IOException reset) {
                return new Exchange(statuses, true); // RST after a response: a close, abruptly
            }
        }
    }

    private static final int EOF = -1;

    /** Reads one response; its status, 0 for one without a status line, EOF at the end of the stream. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) return EOF;
        if (!statusLine.startsWith("HTTP/")) {
            while (in.read() != -1) {
                // an HTTP/0.9 answer: the rest of the stream is its body
            }
            return 0;
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Long.parseLong(value);
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                in.readNBytes((int) size);
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected, skipped
            }
        } else if (length > 0) {
            in.readNBytes((int) length);
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') return buf.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The class of the first response: {@code 2xx} … {@code 5xx}; {@code route} for 404 and 405, which say what the
     * routes hold, not how the request was read; {@code 0.9} without a status line; {@code none} without a response.
     */
    String firstClass() {
        if (statuses.isEmpty()) return "none";
        int s = statuses.get(0);
        if (s == 404 || s == 405) return "route";
        return s == 0 ? "0.9" : (s / 100) + "xx";
    }

    @Override
    public String toString() {
        return statuses + (closed ? " closed" : " open");
    }
}
