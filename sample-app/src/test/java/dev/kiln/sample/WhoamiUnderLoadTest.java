package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.server.RunningServer;
import dev.kiln.test.LeakRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing of one request is ever seen by another: 64 clients at once, each sending 200 requests on its own
 * keep-alive connection with ids no one else uses, while the pooled contexts of the server's event loops are
 * recycled thousands of times. Every response must carry exactly its own request's {@code X-Request-Id}.
 */
@Timeout(120)
class WhoamiUnderLoadTest {
    private static final int CLIENTS = 64;
    private static final int REQUESTS_PER_CLIENT = 200;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = SampleApp.start(0, "test-token");
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    int checked = 0;
                    try (RawClient conn = new RawClient(server.port())) {
                        for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                            // Every fifth round two pipelined requests, so contexts are also recycled mid-read.
                            if (i % 5 == 4 && i + 1 < REQUESTS_PER_CLIENT) {
                                String a = id(client, i);
                                String b = id(client, ++i);
                                conn.send(RawClient.get("/whoami", "X-Request-Id: " + a) + RawClient.get("/whoami", "X-Request-Id: " + b));
                                checked += expect(conn.read(), a) + expect(conn.read(), b);
                            } else {
                                String id = id(client, i);
                                checked += expect(conn.send(RawClient.get("/whoami", "X-Request-Id: " + id)).read(), id);
                            }
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : clients) total += f.get(90, TimeUnit.SECONDS);
            assertEquals(CLIENTS * REQUESTS_PER_CLIENT, total);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String id(int client, int request) {
        return "c" + client + "-r" + request + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    private static int expect(RawClient.Response r, String id) {
        assertEquals(200, r.status(), id);
        assertEquals(id, r.body(), "the response carries exactly its own request's id");
        return 1;
    }
}
