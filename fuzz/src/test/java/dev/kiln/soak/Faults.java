package dev.kiln.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The misbehaving clients of the soak: resets (SO_LINGER 0) in the middle of a request and of a response, half-closed
 * sockets, pipelined floods, clients that leave while a {@code @Blocking} route works for them, and slowloris heads
 * and bodies. What the server answers them is not judged, only counted by kind ({@link Tally#fault}); the soak
 * judges what they leave behind: memory, descriptors, connections, leaks.
 */
final class Faults {
    private final int port;
    private final Tally tally;
    private final BooleanSupplier running;
    private final Asks asks = new Asks(new Random(600), null);

    Faults(int port, Tally tally, BooleanSupplier running) {
        this.port = port;
        this.tally = tally;
        this.running = running;
    }

    List<Soak.Actor> actors() {
        List<Soak.Actor> actors = new ArrayList<>();
        actors.add(new Soak.Actor("faults-0", () -> quick(new Random(700))));
        actors.add(new Soak.Actor("faults-1", () -> quick(new Random(701))));
        actors.add(new Soak.Actor("slowloris-head", () -> slowly(this::slowHead)));
        actors.add(new Soak.Actor("slowloris-body", () -> slowly(this::slowBody)));
        return actors;
    }

    /** A quick fault every ~300 ms, chosen at random. */
    private void quick(Random random) {
        while (running.getAsBoolean()) {
            int pick = random.nextInt(11);
            try {
                switch (pick) {
                    case 0 -> resetMidBody("/echo", random, "reset mid-request (/echo)");
                    case 1 -> resetMidBody("/checksum", random, "reset mid-request (/checksum, streamed)");
                    case 2 -> resetMidUpload(random);
                    case 3 -> resetMidResponse(random);
                    case 4 -> resetWhileBlocking(random);
                    case 5 -> resetMidEvents();
                    case 6 -> halfCloseAfterRequest(random);
                    case 7 -> halfCloseMidBody(random);
                    case 8 -> pipelinedFlood(random);
                    case 9 -> floodBehindBlocking();
                    default -> malformed(random);
                }
            } catch (IOException e) {
                tally.fault("I/O error of a fault (counted, not judged)");
            }
            Soak.pause(300);
        }
    }

    /** A body declared, part of it sent, then a reset. */
    private void resetMidBody(String target, Random random, String kind) throws IOException {
        try (Conn conn = new Conn(port)) {
            int declared = 64 * 1024 + random.nextInt(2 * 1024 * 1024);
            conn.send(Ask.get("POST", target, "Content-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n"));
            conn.send(asks.slice(random.nextInt(declared)));
            Soak.pause(random.nextInt(50));
            conn.reset();
        }
        tally.fault(kind);
    }

    /** A multipart upload cut off inside its file part, by a reset. */
    private void resetMidUpload(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            int size = 512 * 1024 + random.nextInt(1024 * 1024);
            conn.send(Ask.get("POST", "/upload", "Content-Type: multipart/form-data; boundary=cut\r\nContent-Length: "
                    + (size + 200) + "\r\n"));
            conn.send("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n\r\n");
            conn.send(asks.slice(random.nextInt(size)));
            Soak.pause(random.nextInt(50));
            conn.reset();
        }
        tally.fault("reset mid-request (/upload)");
    }

    /** A large answer (an export, gzipped or not, or an echo) read in part, then a reset. */
    private void resetMidResponse(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            if (random.nextBoolean()) {
                conn.send(Ask.get("GET", "/export.csv?rows=" + (100_000 + random.nextInt(1_000_000)),
                        random.nextBoolean() ? "Accept-Encoding: gzip\r\n" : ""));
                tally.fault("reset mid-response (/export.csv)");
            } else {
                conn.send(Ask.post("POST", "/echo", "application/octet-stream", asks.slice(Asks.BLOCK), ""));
                tally.fault("reset mid-response (/echo 4 MiB)");
            }
            conn.readSome(1 + random.nextInt(64 * 1024));
            conn.reset();
        }
    }

    /** A client that leaves while the {@code @Blocking} route sleeps for it: the work finishes for nobody. */
    private void resetWhileBlocking(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send(asks.slow(1000 + random.nextInt(4000)).bytes());
            Soak.pause(100 + random.nextInt(500));
            if (random.nextBoolean()) conn.reset();
        }
        tally.fault("left while @Blocking worked (/slow)");
    }

    /** An event stream reset after its first event. */
    private void resetMidEvents() throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send(Ask.get("GET", "/events", ""));
            conn.readSome(200);
            conn.reset();
        }
        tally.fault("reset mid-response (/events)");
    }

    /** A whole request, then the client's half of the connection shut: the server may answer, then closes. */
    private void halfCloseAfterRequest(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send(random.nextBoolean() ? asks.json().bytes() : asks.echo(asks.size(256 * 1024)).bytes());
            conn.halfClose();
            tally.fault(conn.awaitClose(10_000) ? "half-closed after a request" : "half-closed after a request: not closed in 10 s");
        }
    }

    /** Part of a body, then the client's half shut: the request can never complete. */
    private void halfCloseMidBody(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send(Ask.get("POST", random.nextBoolean() ? "/echo" : "/checksum",
                    "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n"));
            conn.send(asks.slice(random.nextInt(100_000)));
            conn.halfClose();
            tally.fault(conn.awaitClose(10_000) ? "half-closed mid-body" : "half-closed mid-body: not closed in 10 s");
        }
    }

    /** Hundreds of requests in one write, nothing read for a while, then a reset. */
    private void pipelinedFlood(Random random) throws IOException {
        try (Conn conn = new Conn(port)) {
            java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            int n = 200 + random.nextInt(800);
            for (int i = 0; i < n; i++) flood.writeBytes(asks.small().bytes());
            conn.send(flood.toByteArray());
            Soak.pause(200 + random.nextInt(800));
            conn.reset();
        }
        tally.fault("pipelined flood, reset unread");
    }

    /** More requests pipelined behind a {@code @Blocking} one than the server queues: it disconnects. */
    private void floodBehindBlocking() throws IOException {
        try (Conn conn = new Conn(port)) {
            java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            flood.writeBytes(asks.slow(500).bytes());
            byte[] one = Ask.get("GET", "/plaintext", "");
            for (int i = 0; i < 1100; i++) flood.writeBytes(one); // beyond maxQueuedRequests (1024)
            try {
                conn.send(flood.toByteArray());
            } catch (IOException closed) {
                // closed under us: that is the point
            }
            tally.fault(conn.awaitClose(10_000) ? "flood behind @Blocking" : "flood behind @Blocking: not closed in 10 s");
        }
    }

    /** A malformed head: the server answers 400 and closes. */
    private void malformed(Random random) throws IOException {
        String[] heads = {
            "GET /plaintext HTTP/1.1\r\nHost: soak\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET /plaintext HTTP/1.1\nHost: soak\n\n",
            "GET /pl aintext HTTP/1.1\r\nHost: soak\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "GET /plaintext HTTP/1.1\r\nHost: soak\r\nX: " + "a".repeat(20_000) + "\r\n\r\n",
        };
        try (Conn conn = new Conn(port)) {
            conn.send(heads[random.nextInt(heads.length)].getBytes(StandardCharsets.ISO_8859_1));
            tally.fault(conn.awaitClose(10_000) ? "malformed head" : "malformed head: not closed in 10 s");
        }
    }

    private void slowly(Slow fault) {
        while (running.getAsBoolean()) {
            try {
                fault.run();
            } catch (IOException e) {
                tally.fault("I/O error of a fault (counted, not judged)");
            }
            Soak.pause(100);
        }
    }

    private interface Slow {
        void run() throws IOException;
    }

    /** A head sent a few bytes a second, never finished: the header timeout closes it. */
    private void slowHead() throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send("GET /plaintext HTTP/1.1\r\nHost: soak\r\n");
            conn.timeout(500);
            long start = System.nanoTime();
            int i = 0;
            while (running.getAsBoolean() && System.nanoTime() - start < 60_000_000_000L) {
                try {
                    conn.send("X-Slow-" + (i++) + ": 1\r\n");
                } catch (IOException closed) {
                    tally.fault("slowloris head: closed by the server");
                    return;
                }
                if (conn.awaitClose(500)) {
                    tally.fault("slowloris head: closed by the server");
                    return;
                }
            }
            tally.fault(running.getAsBoolean() ? "slowloris head: NOT closed in 60 s" : "slowloris head: stopped");
        }
    }

    /** A body declared and sent a few bytes a second for 6 s, then abandoned (FIN): the idle timeout never fires. */
    private void slowBody() throws IOException {
        try (Conn conn = new Conn(port)) {
            conn.send(Ask.get("POST", "/echo", "Content-Type: text/plain\r\nContent-Length: 100000\r\n"));
            for (int i = 0; i < 12 && running.getAsBoolean(); i++) {
                conn.send("0123456789");
                Soak.pause(500);
            }
        }
        tally.fault("slowloris body, abandoned");
    }
}
