package dev.kiln.bench.buildcost;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What an application costs javac, with and without the annotation processors on a processor path: javac runs in
 * this JVM ({@link ToolProvider#getSystemJavaCompiler()}), so the JDK that runs this class is the JDK measured.
 * {@code benchmarks/buildcost.sh} runs it on the 2,000-route application of {@code LargeApp}, on JDK 17 and 25;
 * it works on any folder of sources that compile against the class path given.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.kiln.bench.buildcost.BuildCost MODE WORK CLASSPATH PROCESSORPATH [RUNS [WARMUP]]
 * java -cp benchmarks/target/classes dev.kiln.bench.buildcost.BuildCost report FILE
 * </pre>
 *
 * <p>{@code WORK/src} holds the application's sources. Modes:
 * <ul>
 *   <li>{@code prepare}: compiles the sources alone into {@code WORK/user-classes} and with the processors into
 *       {@code WORK/classes}, their output sources in {@code WORK/generated}, and prints where the generated
 *       lines go ({@link GeneratedSize}).
 *   <li>{@code user}: javac on the sources with annotation processing off.
 *   <li>{@code processor}: javac on the sources with the processors found on the processor path
 *       ({@link ServiceLoader}), each wrapped in a {@link TimedProcessor}: javac's total and the processors' own.
 *   <li>{@code generated}: javac on the generated sources alone, against the sources' classes.
 *   <li>{@code report}: the markdown tables of the lines the timing modes printed, gathered in a file.
 * </ul>
 *
 * <p>A timing mode compiles once, then {@code WARMUP} times (default 0), then {@code RUNS} times (default 0), each
 * into folders of its own under {@code WORK/run}, and prints a tab-separated line per figure and compilation. The
 * first compilation of a JVM is a cold javac, as in a build that compiles one module; the ones after the warm-up
 * are a warm javac, as in a compiler daemon. Options are those of the project's build: {@code --release 17
 * -Xlint:all}.
 */
public final class BuildCost {
    private static final List<String> OPTIONS = List.of("--release", "17", "-Xlint:all");
    private static final List<String> MODES = List.of("user", "processor", "generated");

    private final Path work;
    private final String classpath;
    private final String processorPath;
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();

    private BuildCost(Path work, String classpath, String processorPath) {
        this.work = work;
        this.classpath = classpath;
        this.processorPath = processorPath;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("report")) {
            Report.of(Files.readAllLines(Path.of(args[1]))).print(System.out);
            return;
        }
        if (args.length < 4 || !(args[0].equals("prepare") || MODES.contains(args[0]))) {
            System.err.println("usage: BuildCost prepare|user|processor|generated WORK CLASSPATH PROCESSORPATH [RUNS [WARMUP]]");
            System.err.println("       BuildCost report FILE");
            System.exit(2);
        }
        BuildCost cost = new BuildCost(Path.of(args[1]), args[2], args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        if (args[0].equals("prepare")) cost.prepare(System.out);
        else cost.time(args[0], runs, warmup, System.out);
    }

    /** One compilation: javac's wall time, the processors' own, and javac's time per phase. */
    private record Run(long totalNanos, long processorNanos, int rounds, Map<TaskEvent.Kind, Long> phaseNanos) {}

    private void prepare(PrintStream out) throws IOException {
        Path generated = work.resolve("generated");
        for (String dir : List.of("user-classes", "classes", "generated")) clean(work.resolve(dir));
        compile(sources(work.resolve("src")), classpath, work.resolve("user-classes"), null, false);
        compile(sources(work.resolve("src")), classpath, work.resolve("classes"), generated, true);
        List<Path> written = sources(generated);
        if (written.isEmpty()) throw new IllegalStateException("the processors on " + processorPath + " wrote no source");
        GeneratedSize.of(compiler, written).print(out);
    }

    /** Prints {@code jdk, mode, measure, cold|warm, nanoseconds}, tab-separated, for every figure of every run. */
    private void time(String mode, int runs, int warmup, PrintStream out) throws IOException {
        if (!Files.isDirectory(work.resolve("user-classes"))) throw new IllegalStateException("run prepare first");
        String jdk = System.getProperty("java.version");
        for (int i = 0; i < 1 + warmup + runs; i++) {
            Run run = once(mode);
            String when = i == 0 ? "cold" : i > warmup ? "warm" : null;
            if (when == null) continue;
            String prefix = jdk + "\t" + mode + "\t";
            out.println(prefix + "total\t" + when + "\t" + run.totalNanos());
            if (mode.equals("processor")) {
                out.println(prefix + "processor\t" + when + "\t" + run.processorNanos());
                out.println(prefix + "rounds\t" + when + "\t" + run.rounds());
            }
            run.phaseNanos().forEach((kind, nanos) -> out.println(prefix + kind + "\t" + when + "\t" + nanos));
        }
    }

    private Run once(String mode) throws IOException {
        Path run = work.resolve("run");
        clean(run);
        return switch (mode) {
            case "user" -> compile(sources(work.resolve("src")), classpath, run.resolve("classes"), null, false);
            case "processor" -> compile(sources(work.resolve("src")), classpath, run.resolve("classes"),
                    run.resolve("generated"), true);
            default -> compile(sources(work.resolve("generated")),
                    classpath + File.pathSeparator + work.resolve("user-classes"), run.resolve("classes"), null, false);
        };
    }

    /** Compiles {@code sources} into {@code out}; with processors, their sources go to {@code generated}. */
    private Run compile(List<Path> sources, String cp, Path out, Path generated, boolean process) throws IOException {
        Files.createDirectories(out);
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("-cp", cp, "-d", out.toString()));
        List<TimedProcessor> processors = new ArrayList<>();
        if (process) {
            Files.createDirectories(generated);
            options.addAll(List.of("-s", generated.toString()));
            for (Processor p : ServiceLoader.load(Processor.class, processorLoader())) processors.add(new TimedProcessor(p));
            if (processors.isEmpty()) throw new IllegalStateException("no annotation processor on " + processorPath);
        } else {
            options.add("-proc:none");
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(diagnostics, files, null, options, null, units);
            if (process) task.setProcessors(processors);
            PhaseTimes phases = new PhaseTimes();
            task.addTaskListener(phases);
            long started = System.nanoTime();
            boolean ok = task.call();
            long total = System.nanoTime() - started;
            if (!ok || !diagnostics.toString().isBlank()) {
                throw new IllegalStateException("javac " + String.join(" ", options) + " did not compile cleanly:\n" + diagnostics);
            }
            long own = processors.stream().mapToLong(p -> p.initNanos() + p.processNanos()).sum();
            int rounds = processors.stream().mapToInt(TimedProcessor::rounds).max().orElse(0);
            return new Run(total, own, rounds, phases.nanos);
        }
    }

    /** A fresh loader per compilation, as a build has: nothing the processors keep in static fields carries over. */
    private ClassLoader processorLoader() {
        URL[] urls = Arrays.stream(processorPath.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return Path.of(s).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(s, e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader(urls, BuildCost.class.getClassLoader());
    }

    /** The time javac spends in each phase, from its task events (a phase that nests another counts both). */
    private static final class PhaseTimes implements TaskListener {
        final Map<TaskEvent.Kind, Long> nanos = new EnumMap<>(TaskEvent.Kind.class);
        private final Map<TaskEvent.Kind, Long> started = new EnumMap<>(TaskEvent.Kind.class);

        @Override
        public void started(TaskEvent e) {
            started.put(e.getKind(), System.nanoTime());
        }

        @Override
        public void finished(TaskEvent e) {
            Long start = started.remove(e.getKind());
            if (start != null) nanos.merge(e.getKind(), System.nanoTime() - start, Long::sum);
        }
    }

    private static List<Path> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
