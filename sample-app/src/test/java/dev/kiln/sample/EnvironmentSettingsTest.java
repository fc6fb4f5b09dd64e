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

/**
 * The sample app as {@code java -jar} runs it, configured by the environment alone: its settings take effect, and a
 * bad value stops it at once with one line naming the variable, the value and the form expected.
 */
@Timeout(60)
class EnvironmentSettingsTest {

    /** The sample app in a JVM of its own, with {@code variables} and none of the test run's KILN_ or PORT ones. */
    private static Process start(Map<String, String> variables) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // What the jar's manifest grants (Enable-Native-Access), for a run from the class path: else JDK 24+ warns.
        if (Runtime.version().feature() >= 22) command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApp.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KILN_") || name.equals("PORT"));
        builder.environment().putAll(variables);
        return builder.start();
    }

    @Test
    void theVariablesSetTheServer() throws Exception {
        Process app = start(Map.of("KILN_PORT", "0", "KILN_MAX_BODY_SIZE", "1KiB", "KILN_PRINT_ROUTES", "false",
                "KILN_ADMIN_TOKEN", "t"));
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) log.add(line);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            int port = AppLog.awaitPort(log);
            try (RawClient conn = new RawClient(port)) {
                conn.send("POST /todos HTTP/1.1\r\nHost: sample\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2048\r\n\r\n");
                assertEquals(413, conn.read().status(), "KILN_MAX_BODY_SIZE=1KiB, not the default 8 MiB");
            }
            assertTrue(log.stream().anyMatch(l -> l.endsWith(
                    "Kiln settings from the environment: KILN_PORT=0, KILN_MAX_BODY_SIZE=1KiB, KILN_PRINT_ROUTES=false")),
                    String.join("\n", log));
            assertTrue(log.stream().noneMatch(l -> l.contains(" route ")), "KILN_PRINT_ROUTES=false:\n" + String.join("\n", log));
            assertTrue(log.stream().noneMatch(l -> l.contains("KILN_ADMIN_TOKEN")), "the sample's own variable is no typo");
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void aBadValueStopsStartUpWithOneLine() throws Exception {
        Process app = start(Map.of("KILN_MAX_BODY_SIZE", "8MB"));
        try {
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the process exited instead of serving");
            String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, app.exitValue(), output);
            assertEquals(List.of("KILN_MAX_BODY_SIZE=8MB: expected a size in bytes, such as 1048576, 512KiB or 8MiB;"
                    + " write MiB for 2^20 bytes (MB is 10^6 to some)"), output.lines().filter(l -> !l.isBlank()).toList());
        } finally {
            app.destroyForcibly();
        }
    }
}
