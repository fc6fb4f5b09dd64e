package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app serves HTTPS when {@code KILN_TLS_CERT} and {@code KILN_TLS_KEY} name the certificate
 * {@code make-cert.sh} makes, to the README's {@code curl} lines, and reloads a renewed certificate on SIGHUP.
 */
@Timeout(90)
class HttpsTest {
    @TempDir
    Path dir;

    private static String run(List<String> command, boolean mustSucceed) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command + " ended");
        if (mustSucceed) assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    /** The sample app in a JVM of its own with {@code variables}, its log lines gathered into {@code log}. */
    private static Process start(Map<String, String> variables, List<String> log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        if (Runtime.version().feature() >= 22) command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApp.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KILN_") || name.equals("PORT"));
        builder.environment().putAll(variables);
        Process app = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) log.add(line);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return app;
    }

    private static String curl(Path ca, String version, int port, String path, boolean mustSucceed) throws Exception {
        return run(List.of("curl", "-sS", "--cacert", ca.toString(), version, "-w", " %{http_version}",
                "https://localhost:" + port + path), mustSucceed);
    }

    @Test
    void theCurlLinesOfTheReadmeReachItAndSighupReloadsARenewedCertificate() throws Exception {
        Path tls = dir.resolve("tls");
        run(List.of("bash", "make-cert.sh", tls.toString(), "1"), true);
        Path first = dir.resolve("first.pem");
        java.nio.file.Files.copy(tls.resolve("cert.pem"), first);
        List<String> log = new CopyOnWriteArrayList<>();
        Process app = start(Map.of("KILN_PORT", "0", "KILN_PRINT_ROUTES", "false",
                "KILN_TLS_CERT", tls.resolve("cert.pem").toString(), "KILN_TLS_KEY", tls.resolve("key.pem").toString(),
                "KILN_TLS_RELOAD_INTERVAL", "0"), log); // 0: only SIGHUP reloads, which is what this shows
        try {
            int port = AppLog.awaitPort(log);
            assertTrue(AppLog.awaitLine(log, "TLS by OpenSSL"), "OpenSSL from the jar:\n" + log);
            assertEquals("Hello, World! 1.1", curl(first, "--http1.1", port, "/plaintext", true));
            String http2 = curl(first, "--http2", port, "/plaintext", true);
            assertEquals("Hello, World! 2", http2, "ALPN chose h2");

            run(List.of("bash", "make-cert.sh", tls.toString(), "1"), true); // renewed: a new key and certificate
            Path second = tls.resolve("cert.pem");
            assertTrue(curl(second, "--http1.1", port, "/plaintext", false).contains("SSL certificate problem"),
                    "the old certificate is served until the app is told");
            run(List.of("kill", "-HUP", String.valueOf(app.pid())), true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String after;
            do {
                Thread.sleep(50);
                after = curl(second, "--http1.1", port, "/plaintext", false);
            } while (!after.equals("Hello, World! 1.1") && System.nanoTime() < deadline);
            assertEquals("Hello, World! 1.1", after, "the renewed certificate after SIGHUP:\n" + String.join("\n", log));
            assertTrue(app.isAlive(), "SIGHUP does not stop it");
        } finally {
            app.destroyForcibly();
        }
    }
}
