package dev.kiln.processor;

import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by {@link LargeAppTest} in a JVM of its own, under {@code -XX:+PrintCompilation}: builds a generated
 * router and matches every request of a file ({@code METHOD path} per line) {@code rounds} times, so that the
 * test can read which of the router's methods the JIT compiled.
 *
 * <p>Arguments: the routes class, the request file, the number of rounds.
 */
public final class JitDriver {
    private JitDriver() {}

    public static void main(String[] args) throws Exception {
        Class<?> cls = Class.forName(args[0]);
        Object builder = cls.getMethod("builder").invoke(null);
        Routes routes = (Routes) builder.getClass().getMethod("build").invoke(builder);
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int n = lines.size();
        int[] bits = new int[n];
        String[] paths = new String[n];
        for (int k = 0; k < n; k++) {
            String line = lines.get(k);
            int space = line.indexOf(' ');
            bits[k] = Methods.bit(line.substring(0, space));
            paths[k] = line.substring(space + 1);
        }
        int rounds = Integer.parseInt(args[2]);
        PathMatch match = new PathMatch(routes.maxParams());
        long misses = 0;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                match.allowed = 0;
                if (routes.lookup(bits[k], paths[k], paths[k].length(), match) < 0) misses++;
            }
        }
        // The test reads this line to know the driver ran to the end.
        System.out.println("JitDriver: " + (long) rounds * n + " lookups, " + misses + " misses");
    }
}
