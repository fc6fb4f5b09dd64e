package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kiln turns Netty's JFR allocator events off unless the application chose (they cost ~130 ms on the first
 * request): checked in fresh JVMs, since a JVM decides once, when Netty first reads the property.
 */
class NettyJfrDefaultTest {
    @Test
    void offByDefault() throws Exception {
        assertEquals("jfr=false", probe());
    }

    @Test
    void onWhenTheApplicationAsksForThem() throws Exception {
        assertEquals("jfr=true", probe("-Dio.netty.jfr.enabled=true"));
    }

    @Test
    void leftAsNettyDecidedWhenTheApplicationUsedNettyFirst() throws Exception {
        // Too late to change: Netty read the property already. Kiln says so in its debug log and the README.
        assertEquals("jfr=true", probe("netty-first"));
    }

    private static String probe(String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> args = new ArrayList<>();
        for (String o : options) {
            if (o.startsWith("-D")) command.add(o);
            else args.add(o);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JfrProbe.class.getName()));
        command.addAll(args);
        java.io.File output = java.io.File.createTempFile("kiln-jfr-probe", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the probe did not finish within 60 s");
            }
            String out = java.nio.file.Files.readString(output.toPath(), StandardCharsets.UTF_8).strip();
            assertEquals(0, process.exitValue(), out);
            return out.lines().reduce((a, b) -> b).orElse("");
        } finally {
            output.delete();
        }
    }
}
