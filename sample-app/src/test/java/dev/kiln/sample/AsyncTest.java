package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handlers returning a CompletionStage, over a real socket: the answer waits for the stage, in order. */
class AsyncTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = SampleApp.start(0, "t");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Writes {@code requests} in one go and reads until {@code count} responses' bodies have arrived. */
    private static String exchange(String requests, String... lastBodies) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (true) {
                String text = seen.toString(StandardCharsets.ISO_8859_1);
                boolean done = true;
                for (String b : lastBodies) done &= text.contains(b);
                if (done) return text;
                int n = in.read(buf);
                if (n < 0) return text;
                seen.write(buf, 0, n);
            }
        }
    }

    @Test
    void theResponseWaitsForTheStage() throws Exception {
        long start = System.nanoTime();
        String text = exchange("GET /later?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n", "{\"message\":\"later\"}");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(text.startsWith("HTTP/1.1 200 OK"), text);
        assertTrue(text.contains("content-type: application/json"), text);
        assertTrue(ms >= 250, "answered after " + ms + " ms, before the stage completed");
    }

    @Test
    void pipelinedResponsesStayInRequestOrderBehindAStage() throws Exception {
        String text = exchange("GET /later?ms=300 HTTP/1.1\r\nHost: t\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n",
                "{\"message\":\"later\"}", "Hello, World!");
        assertTrue(text.indexOf("{\"message\":\"later\"}") < text.indexOf("Hello, World!"), text);
    }

    @Test
    void aFailedStageIsA500WithoutATrace() throws Exception {
        String text = exchange("GET /later?ms=10&fail=true HTTP/1.1\r\nHost: t\r\n\r\n", "\"status\":500}");
        assertTrue(text.startsWith("HTTP/1.1 500"), text);
        assertTrue(!text.contains("IllegalStateException") && !text.contains("later failed"), text);
    }

    @Test
    void aBadDelayIsA400FromTheHandler() throws Exception {
        String text = exchange("GET /later?ms=99999 HTTP/1.1\r\nHost: t\r\n\r\n", "}");
        assertTrue(text.startsWith("HTTP/1.1 400"), text);
        assertTrue(text.contains("\"errors\":[{\"name\":\"ms\",\"in\":\"query\",\"expected\":\"0 to 5000\"}]"), text);
        assertEquals(-1, text.indexOf("Exception"));
    }
}
