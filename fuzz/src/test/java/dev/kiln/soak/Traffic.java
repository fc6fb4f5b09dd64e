package dev.kiln.soak;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The well-formed clients of the soak, each a loop on a thread of its own at a fixed pace, so that the rate is
 * moderate and the same from minute to minute: keep-alive clients sending the whole mix of routes (large bodies,
 * uploads, streamed bodies, chunked and gzipped answers, ranges), a pipelining client, event-stream readers, a client
 * of the {@code @Blocking} route that sleeps past the idle timeout, and the todo list's create-read-update-delete.
 * Every answer is checked ({@link Tally#check}); any I/O error on a well-formed exchange counts as a wrong answer.
 */
final class Traffic {
    /** How long {@code /slow} sleeps for the blocking client: past the idle timeout the soak gives the server. */
    static final int SLOW_MS = 10_000;

    private final int port;
    private final Tally tally;
    private final BooleanSupplier running;
    private final byte[] asset;

    Traffic(int port, Tally tally, BooleanSupplier running, byte[] asset) {
        this.port = port;
        this.tally = tally;
        this.running = running;
        this.asset = asset;
    }

    /** The clients, as named loops. */
    List<Soak.Actor> actors() {
        List<Soak.Actor> actors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int seed = 100 + i;
            actors.add(new Soak.Actor("keep-alive-" + i, () -> keepAlive(new Random(seed))));
        }
        actors.add(new Soak.Actor("pipeline", () -> pipeline(new Random(200))));
        actors.add(new Soak.Actor("todos", () -> todos(new Random(300))));
        for (int i = 0; i < 2; i++) {
            int seed = 400 + i;
            actors.add(new Soak.Actor("events-" + i, () -> events(new Random(seed))));
        }
        actors.add(new Soak.Actor("blocking", this::blocking));
        return actors;
    }

    /** One connection at a time, the whole mix, ~20 requests a second; a new connection every few hundred. */
    private void keepAlive(Random random) {
        Asks asks = new Asks(random, asset);
        while (running.getAsBoolean()) {
            int requests = 20 + random.nextInt(300);
            try (Conn conn = new Conn(port)) {
                for (int i = 0; i < requests && running.getAsBoolean(); i++) {
                    Ask ask = asks.any();
                    conn.send(ask.bytes());
                    tally.check(ask, conn.read(ask.head()));
                    Soak.pause(40);
                }
                // the last request asks to close: the answer says so and the server closes
                Ask last = new Ask("GET /plaintext (Connection: close)", Ask.get("GET", "/plaintext", "Connection: close\r\n"),
                        false, Ask.exactly(200, "Hello, World!"));
                conn.send(last.bytes());
                Conn.Reply reply = conn.read();
                tally.check(last, reply);
                if (reply != null && !reply.closes()) tally.wrong("Connection: close", "the answer does not say it closes");
                if (!conn.awaitClose(5_000)) tally.wrong("Connection: close", "the server did not close within 5 s");
            } catch (IOException e) {
                if (running.getAsBoolean()) tally.wrong("keep-alive", "I/O error: " + e);
            }
        }
    }

    /** Batches of 8 to 32 requests in one write (some deferred, some blocking), read back in order. */
    private void pipeline(Random random) {
        Asks asks = new Asks(random, asset);
        while (running.getAsBoolean()) {
            try (Conn conn = new Conn(port)) {
                for (int batch = 0; batch < 50 && running.getAsBoolean(); batch++) {
                    int n = 8 + random.nextInt(25);
                    List<Ask> sent = new ArrayList<>(n);
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    for (int i = 0; i < n; i++) {
                        Ask ask = asks.small();
                        sent.add(ask);
                        bytes.writeBytes(ask.bytes());
                    }
                    conn.send(bytes.toByteArray());
                    for (Ask ask : sent) tally.check(ask, conn.read(ask.head()));
                    Soak.pause(500);
                }
            } catch (IOException e) {
                if (running.getAsBoolean()) tally.wrong("pipeline", "I/O error: " + e);
            }
        }
    }

    /** A todo made, read, changed, listed and deleted, so the store stays the same size. */
    private void todos(Random random) {
        while (running.getAsBoolean()) {
            try (Conn conn = new Conn(port)) {
                for (int round = 0; round < 100 && running.getAsBoolean(); round++) {
                    todo(conn, "soak todo " + Long.toHexString(random.nextLong()));
                    Soak.pause(250);
                }
            } catch (IOException e) {
                if (running.getAsBoolean()) tally.wrong("todos", "I/O error: " + e);
            }
        }
    }

    private void todo(Conn conn, String title) throws IOException {
        conn.send(Ask.post("POST", "/todos", "application/json",
                ("{\"title\":\"" + title + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), ""));
        Conn.Reply created = conn.read();
        String location = created == null ? null : created.header("location");
        if (created == null || created.status() != 201 || location == null || !location.startsWith("/todos/")) {
            tally.wrong("POST /todos", created == null ? "no answer" : "status " + created.status() + ", Location " + location);
            return;
        }
        tally.right("POST /todos");
        String id = location.substring("/todos/".length());
        String todo = "{\"id\":" + id + ",\"title\":\"" + title + "\",\"done\":";
        Ask get = new Ask("GET /todos/:id", Ask.get("GET", location, ""), false, Ask.exactly(200, todo + "false}"));
        conn.send(get.bytes());
        tally.check(get, conn.read());
        Ask put = new Ask("PUT /todos/:id", Ask.post("PUT", location, "application/json",
                "{\"done\":true}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), ""), false, Ask.exactly(200, todo + "true}"));
        conn.send(put.bytes());
        tally.check(put, conn.read());
        Ask list = new Ask("GET /todos", Ask.get("GET", "/todos?done=true&limit=100", ""), false, Ask.holding(200, todo + "true}"));
        conn.send(list.bytes());
        tally.check(list, conn.read());
        Ask delete = new Ask("DELETE /todos/:id", Ask.get("DELETE", location, ""), false,
                r -> r.status() == 204 ? null : "status " + r.status() + ", not 204");
        conn.send(delete.bytes());
        tally.check(delete, conn.read());
        Ask gone = new Ask("GET /todos/:id (deleted)", Ask.get("GET", location, ""), false,
                Ask.exactly(404, "{\"error\":\"not_found\"}"));
        conn.send(gone.bytes());
        tally.check(gone, conn.read());
    }

    /**
     * An event stream read for 2 to 6 ticks, each checked (named {@code tick}, ids rising by one), then closed; every
     * other one resumes with {@code Last-Event-ID} and must first be told what it missed.
     */
    private void events(Random random) {
        String lastId = null;
        while (running.getAsBoolean()) {
            boolean resume = lastId != null && random.nextBoolean();
            try (Conn conn = new Conn(port)) {
                conn.send(Ask.get("GET", "/events", resume ? "Last-Event-ID: " + lastId + "\r\n" : ""));
                String status = conn.line();
                if (status == null || !status.startsWith("HTTP/1.1 200")) {
                    tally.wrong("GET /events", "status line " + status);
                    continue;
                }
                String line;
                while ((line = conn.line()) != null && !line.isEmpty()) {
                    // the head; the body is events
                }
                long previous = -1;
                int ticks = 2 + random.nextInt(5);
                boolean resumedSeen = !resume;
                String event = null;
                String id = null;
                while (ticks > 0 && (line = conn.line()) != null) {
                    if (line.startsWith("event: ")) event = line.substring(7);
                    else if (line.startsWith("id: ")) id = line.substring(4);
                    else if (line.isEmpty() && event != null) {
                        if (event.equals("resumed")) {
                            resumedSeen = true;
                        } else if (!event.equals("tick") || id == null) {
                            tally.wrong("GET /events", "event " + event + " id " + id);
                        } else {
                            long n = Long.parseLong(id);
                            if (previous >= 0 && n != previous + 1) tally.wrong("GET /events", "tick " + n + " after " + previous);
                            else tally.right("GET /events (tick)");
                            previous = n;
                            lastId = id;
                            ticks--;
                        }
                        event = null;
                        id = null;
                    }
                }
                if (!resumedSeen) tally.wrong("GET /events", "resumed with Last-Event-ID but no 'resumed' event first");
                if (ticks > 0) tally.wrong("GET /events", "the stream ended early");
            } catch (IOException e) {
                if (running.getAsBoolean()) tally.wrong("GET /events", "I/O error: " + e);
            }
            Soak.pause(200);
        }
    }

    /**
     * The {@code @Blocking} route sleeping {@value #SLOW_MS} ms, past the idle timeout (a client waiting for the
     * server is not idle), with a request pipelined behind it that must wait for it and be answered after it.
     */
    private void blocking() {
        Asks asks = new Asks(new Random(500), asset);
        while (running.getAsBoolean()) {
            try (Conn conn = new Conn(port)) {
                Ask slow = asks.slow(SLOW_MS);
                Ask behind = asks.plaintext();
                conn.send(Ask.concat(slow.bytes(), behind.bytes()));
                tally.check(slow, conn.read());
                tally.check(behind, conn.read());
            } catch (IOException e) {
                if (running.getAsBoolean()) tally.wrong("GET /slow", "I/O error: " + e);
            }
        }
    }
}
