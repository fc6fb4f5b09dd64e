package dev.kiln.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the server's resources from outside, as an operator would: its resident memory and threads
 * ({@code /proc/<pid>/status}), open descriptors ({@code /proc/<pid>/fd}), heap after a full collection
 * ({@code jcmd GC.run}, then {@code GC.heap_info}; the smaller of two a second apart, so that a 4 MiB body in
 * flight at one of them is not read as growth), direct memory (the JVM's {@code direct} buffer pool, through the
 * local management agent the probe starts in it: Netty allocates its direct buffers with
 * {@code ByteBuffer.allocateDirect} when it cannot reach {@code DirectByteBuffer}'s constructor, as on Java 17 without
 * {@code --add-opens} and on 25, and that pool counts them), its open connections and {@code @Blocking} work from
 * {@code /metrics}, and the Netty leak reports ({@code LEAK:} lines) in its log.
 */
final class Probe {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");
    private static final String DIRECT_POOL = "java.nio:type=BufferPool,name=direct";

    private final long pid;
    private final int port;
    private final Path log;
    private final String jcmd;
    /** The server's platform MBeans, once {@link #direct()} has connected. */
    private javax.management.MBeanServerConnection beans;

    Probe(long pid, int port, Path log, String jcmd) {
        this.pid = pid;
        this.port = port;
        this.log = log;
        this.jcmd = jcmd;
    }

    /** One reading of everything; {@code seconds} is when, from the soak's start. */
    Sample sample(long seconds, Tally tally) throws IOException {
        long heap = heapAfterGc();
        Soak.pause(1000);
        heap = Math.min(heap, heapAfterGc()); // a large body in flight at one collection is unlikely at both
        long direct = direct() / 1024;
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        long rss = field(status, "VmRSS:");
        long threads = field(status, "Threads:");
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = open.count();
        }
        double[] gauges = gauges("kiln_connections_open", "kiln_blocking_active");
        long connections = Math.round(gauges[0]) - 1; // not the scrape's own connection
        return new Sample(seconds, rss, heap, direct, fds, threads, connections, Math.round(gauges[1]), leaks(),
                tally.ok(), tally.wrong(), tally.faults());
    }

    /** The bytes of the server's direct buffers now: its {@code direct} buffer pool's {@code MemoryUsed}. */
    private long direct() throws IOException {
        try {
            if (beans == null) {
                com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent(); // local only: no port is opened
                } finally {
                    vm.detach();
                }
                beans = javax.management.remote.JMXConnectorFactory.connect(new javax.management.remote.JMXServiceURL(address))
                        .getMBeanServerConnection();
            }
            return (Long) beans.getAttribute(new javax.management.ObjectName(DIRECT_POOL), "MemoryUsed");
        } catch (com.sun.tools.attach.AttachNotSupportedException | javax.management.JMException e) {
            throw new IOException("reading " + DIRECT_POOL + " of " + pid + ": " + e, e);
        }
    }

    /** The heap in use right after a full collection, in KiB. */
    private long heapAfterGc() throws IOException {
        jcmd("GC.run");
        return kib(HEAP_USED, jcmd("GC.heap_info"), "GC.heap_info");
    }

    /** The server's open connections, not counting the one that asks, and its {@code @Blocking} work running. */
    long[] connectionsAndBlocking() throws IOException {
        double[] gauges = gauges("kiln_connections_open", "kiln_blocking_active");
        return new long[] {Math.round(gauges[0]) - 1, Math.round(gauges[1])};
    }

    /** How many leak reports Netty has written to the server's log so far. */
    long leaks() throws IOException {
        return lines("LEAK:");
    }

    /** How many lines of the server's log hold {@code text}. */
    long lines(String text) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    /** The first lines of each leak report, for the end of the run. */
    List<String> leakLines(int most) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("LEAK:")).limit(most).toList();
        }
    }

    /** Runs {@code jcmd <pid> args} and returns its output; a failure is an exception. */
    String jcmd(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(jcmd, Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private double[] gauges(String... names) throws IOException {
        double[] values = new double[names.length];
        java.util.Arrays.fill(values, Double.NaN);
        try (Conn conn = new Conn(port)) {
            conn.send(Ask.get("GET", "/metrics", "Connection: close\r\n"));
            Conn.Reply reply = conn.read();
            if (reply == null || reply.status() != 200) throw new IOException("GET /metrics: " + (reply == null ? "no answer" : reply.status()));
            for (String line : reply.text().split("\n")) {
                for (int i = 0; i < names.length; i++) {
                    if (line.startsWith(names[i] + " ")) values[i] = Double.parseDouble(line.substring(names[i].length() + 1).trim());
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (Double.isNaN(values[i])) throw new IOException("/metrics has no " + names[i]);
        }
        return values;
    }

    private static long kib(Pattern pattern, String text, String what) throws IOException {
        Matcher m = pattern.matcher(text);
        if (!m.find()) throw new IOException("no figure in the output of " + what + ":\n" + text);
        return Long.parseLong(m.group(1));
    }

    private static long field(String status, String name) throws IOException {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
        throw new IOException("no " + name + " in /proc/<pid>/status");
    }
}
