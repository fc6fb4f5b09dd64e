package dev.kiln.bench.buildcost;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The markdown tables of {@link BuildCost}'s figures: the lines its timing modes printed ({@code jdk, mode,
 * measure, cold|warm, value}, tab-separated), from any number of JVMs, gathered into one list.
 */
final class Report {
    private static final Map<String, String> MODES = Map.of(
            "user", "the sources alone (`-proc:none`)",
            "processor", "the sources, with the processor",
            "generated", "the generated sources alone");
    /** javac's task events in the order javac starts them; ANNOTATION_PROCESSING holds the rounds' PARSE and ENTER. */
    private static final List<String> PHASES = List.of("PARSE", "ENTER", "ANNOTATION_PROCESSING", "ANALYZE", "GENERATE");

    /** The values of one figure, by JDK, mode, measure and cold or warm, in the order they came. */
    private final Map<String, List<Long>> values = new LinkedHashMap<>();
    private final Set<String> jdks = new LinkedHashSet<>();

    private Report() {}

    static Report of(List<String> lines) {
        Report report = new Report();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 5) throw new IllegalArgumentException("not a line of BuildCost's: " + line);
            report.jdks.add(f[0]);
            report.values.computeIfAbsent(key(f[0], f[1], f[2], f[3]), k -> new ArrayList<>()).add(Long.parseLong(f[4]));
        }
        return report;
    }

    private static String key(String jdk, String mode, String measure, String when) {
        return jdk + "/" + mode + "/" + measure + "/" + when;
    }

    void print(PrintStream out) {
        out.println("| JDK | javac on | cold: a JVM of its own | warm: after a warm-up |");
        out.println("|---|---|---:|---:|");
        for (String jdk : jdks) {
            for (String mode : List.of("user", "processor", "generated")) {
                row(out, jdk, MODES.get(mode), mode, "total");
                if (mode.equals("processor")) {
                    List<Long> rounds = values.getOrDefault(key(jdk, mode, "rounds", "cold"), List.of(0L));
                    row(out, jdk, "↳ of which the processor's own time (" + rounds.get(0) + " rounds)", mode, "processor");
                }
            }
        }
        out.println();
        out.println("Where the cold compilations' time goes, medians, from javac's task events (annotation processing");
        out.println("includes parsing and entering the generated sources):");
        out.println();
        out.println("| JDK | javac on | parse | enter | annotation processing | analyze | generate | all |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String jdk : jdks) {
            for (String mode : List.of("user", "processor", "generated")) {
                StringBuilder row = new StringBuilder("| " + jdk + " | " + MODES.get(mode) + " |");
                for (String phase : PHASES) row.append(' ').append(phase(jdk, mode, phase)).append(" |");
                row.append(' ').append(phase(jdk, mode, "COMPILATION")).append(" |");
                out.println(row);
            }
        }
    }

    private void row(PrintStream out, String jdk, String what, String mode, String measure) {
        out.println("| " + jdk + " | " + what + " | " + summary(values.get(key(jdk, mode, measure, "cold")), "JVM")
                + " | " + summary(values.get(key(jdk, mode, measure, "warm")), "run") + " |");
    }

    private String phase(String jdk, String mode, String phase) {
        List<Long> nanos = values.get(key(jdk, mode, phase, "cold"));
        return nanos == null ? "" : String.format("%.2f s", median(nanos) / 1e9);
    }

    /** {@code 5.85 s (5.61–6.02, 3 JVMs)}: the median, and the range where there is more than one value. */
    private static String summary(List<Long> nanos, String of) {
        if (nanos == null || nanos.isEmpty()) return "–";
        if (nanos.size() == 1) return String.format("%.2f s (1 %s)", nanos.get(0) / 1e9, of);
        List<Long> sorted = nanos.stream().sorted().toList();
        return String.format("%.2f s (%.2f–%.2f, %d %s)", median(sorted) / 1e9, sorted.get(0) / 1e9,
                sorted.get(sorted.size() - 1) / 1e9, sorted.size(), of + "s");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
