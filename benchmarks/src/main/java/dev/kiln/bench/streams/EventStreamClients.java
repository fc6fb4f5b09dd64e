package dev.kiln.bench.streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Many clients of one event stream, on one thread: opens {@code connections} connections to {@code path}, reads what
 * each receives and counts the events ({@code data:} lines at the start of a line). It warms up, then reports the
 * events delivered in a window, as lines the calling script reads:
 *
 * <pre>
 * window-start events=N open=N
 * window-end events=N open=N seconds=S
 * </pre>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.kiln.bench.streams.EventStreamClients PORT PATH CONNECTIONS
 * WARMUP_S WINDOW_S}.
 */
public final class EventStreamClients {
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);

    /** Per connection: how much of {@link #DATA} the bytes so far end with. */
    private static final class Reader {
        int matched = 1; // the stream begins at the start of a line
    }

    private EventStreamClients() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int connections = Integer.parseInt(args[2]);
        long warmupNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        long windowNanos = (long) (Double.parseDouble(args[4]) * 1e9);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        Selector selector = Selector.open();
        int open = 0;
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(request));
            ch.register(selector, SelectionKey.OP_READ, new Reader());
            open++;
            if (i % 500 == 499) drain(selector); // keep the server's sends flowing while connecting
        }
        System.out.println("connected open=" + open);
        long start = System.nanoTime();
        long windowStart = start + warmupNanos;
        long windowEnd = windowStart + windowNanos;
        long events = 0;
        long atStart = -1;
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buf.capacity()];
        while (true) {
            long now = System.nanoTime();
            if (atStart < 0 && now >= windowStart) {
                atStart = events;
                System.out.println("window-start events=" + events + " open=" + selector.keys().size());
            }
            if (now >= windowEnd) {
                System.out.printf("window-end events=%d open=%d seconds=%.3f%n", events - atStart, selector.keys().size(),
                        (now - windowStart) / 1e9);
                break;
            }
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                SocketChannel ch = (SocketChannel) key.channel();
                Reader reader = (Reader) key.attachment();
                buf.clear();
                int n;
                try {
                    n = ch.read(buf);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    ch.close();
                    continue;
                }
                buf.flip();
                buf.get(bytes, 0, n);
                events += count(reader, bytes, n);
            }
        }
        for (SelectionKey key : selector.keys()) key.channel().close();
    }

    /** Reads what has arrived without counting it: while connecting, before the window. */
    private static void drain(Selector selector) throws IOException {
        selector.selectNow();
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        for (SelectionKey key : selector.selectedKeys()) {
            buf.clear();
            try {
                ((SocketChannel) key.channel()).read(buf);
            } catch (IOException e) {
                key.cancel();
            }
        }
        selector.selectedKeys().clear();
    }

    /** The events that start in {@code bytes[0, n)}: occurrences of "\ndata: ", across reads. */
    private static int count(Reader reader, byte[] bytes, int n) {
        int found = 0;
        int m = reader.matched;
        for (int i = 0; i < n; i++) {
            byte b = bytes[i];
            if (b == DATA[m]) {
                m++;
                if (m == DATA.length) {
                    found++;
                    m = 0;
                }
            } else {
                m = b == '\n' ? 1 : 0;
            }
        }
        reader.matched = m;
        return found;
    }
}
