package dev.kiln.sample;

import static dev.kiln.sample.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample app as it runs in production: started with {@code main} in its own JVM and stopped with SIGTERM,
 * which must let the request in flight finish before the process exits.
 */
@Timeout(60)
class SigtermTest {

    @Test
    void sigtermLetsTheRequestInFlightFinish() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SampleApp.class.getName(), "--port", "0")
                .redirectErrorStream(true)
                .start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) log.add(line);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            int port = AppLog.awaitPort(log);
            try (RawClient conn = new RawClient(port)) {
                assertEquals(200, conn.send(get("/plaintext")).read().status(), "connected and served");
                conn.send(get("/slow?ms=2500"));
                Thread.sleep(800); // the request is in its handler by now, with most of its sleep to go
                // SIGTERM; through the handle, because Process.destroy() also closes our end of its output.
                app.toHandle().destroy(); // the shutdown hook closes the server gracefully
                RawClient.Response r = conn.read();
                assertEquals(200, r.status());
                assertEquals("slept 2500 ms", r.body(), "the request in flight finished");
                assertEquals("close", r.header("Connection"));
                assertTrue(conn.isClosedByServer());
            }
            assertTrue(app.waitFor(20, TimeUnit.SECONDS), "the process exited");
            assertEquals(143, app.exitValue(), "128 + SIGTERM");
            reader.join(5000);
            assertTrue(log.stream().anyMatch(l -> l.contains("stopped; 1 connections drained")), String.join("\n", log));
        } finally {
            app.destroyForcibly();
        }
    }
}
