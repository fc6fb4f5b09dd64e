package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sample app started on a port another process holds exits at once, non-zero, with one line naming it. */
@Timeout(60)
class PortInUseTest {
    @Test
    void theAppExitsWithOneLineNamingThePort() throws IOException, InterruptedException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Dkiln.routes.print=false"));
            // What the jar's manifest grants (Enable-Native-Access), for a run from the class path: else JDK 24+
            // warns when Netty loads its native library. The option exists since JDK 22.
            if (Runtime.version().feature() >= 22) command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApp.class.getName(), "--port",
                    String.valueOf(port)));
            Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the process exited instead of hanging");
                String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(1, app.exitValue(), output);
                List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
                assertEquals(List.of("Kiln could not start on 0.0.0.0:" + port + ": the port is already in use (another"
                        + " process listens on it; stop it, or choose another port)"), lines, output);
            } finally {
                app.destroyForcibly();
            }
        }
    }
}
