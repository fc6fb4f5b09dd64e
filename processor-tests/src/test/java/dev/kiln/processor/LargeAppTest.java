package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.processor.LargeApp.Spec;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application with 2,000 routes ({@link LargeApp}): it compiles without a warning, every method of the
 * generated class stays under HotSpot's {@code HugeMethodLimit} (8,000 bytes of bytecode; larger methods are never
 * JIT-compiled), a JVM running the router does JIT-compile every method of its tree, and every route is found by
 * its own path.
 */
class LargeAppTest {
    /** HotSpot's -XX:HugeMethodLimit default: methods with more bytecode than this stay interpreted. */
    private static final int HUGE_METHOD_LIMIT = 8000;

    private static List<Spec> specs;
    private static CompiledApp app;
    private static Routes routes;

    @BeforeAll
    static void compile() {
        specs = LargeApp.specs();
        assertEquals(2000, specs.size());
        long started = System.nanoTime();
        app = CompiledApp.compile(sources(specs)); // -Xlint:all, failing on any warning
        System.out.printf("LargeAppTest: %d routes compiled in %d ms%n", specs.size(), (System.nanoTime() - started) / 1_000_000);
        routes = app.routes("app.LargeAppRoutes");
    }

    /** The application of {@link LargeApp}, as sources compile-testing can compile. */
    private static List<JavaFileObject> sources(List<Spec> specs) {
        List<JavaFileObject> sources = new ArrayList<>();
        LargeApp.sources(specs).forEach((name, text) -> sources.add(CompiledApp.source(name, text)));
        return sources;
    }

    @Test
    void everyMethodOfTheGeneratedClassesIsUnderTheHugeMethodLimit() throws Exception {
        Map<String, byte[]> classes = app.classFiles();
        List<String> generated = classes.keySet().stream()
                .filter(name -> name.equals("app.LargeAppRoutes") || name.startsWith("app.LargeAppRoutes$"))
                .toList();
        assertTrue(generated.contains("app.LargeAppRoutes"), () -> "no generated class among " + classes.keySet());
        List<String> report = new ArrayList<>();
        String largest = null;
        int largestSize = -1;
        int methodCount = 0;
        for (String name : generated) {
            ClassFile cf = ClassFile.parse(classes.get(name));
            assertEquals(name.replace('.', '/'), cf.thisClass(), "class file reader read the wrong class name");
            // The reader and reflection must see the same methods, or the sizes below are not to be trusted.
            Set<String> reflected = new TreeSet<>();
            for (Method m : app.load(name).getDeclaredMethods()) {
                if (!m.isSynthetic()) reflected.add(m.getName());
            }
            Set<String> parsed = new TreeSet<>();
            for (ClassFile.MethodInfo m : cf.methods()) {
                if (!m.name().startsWith("<") && (m.access() & 0x1000) == 0) parsed.add(m.name());
            }
            assertEquals(reflected, parsed, "methods of " + name);
            if (name.equals("app.LargeAppRoutes")) {
                // A method whose size is known: maxParams() is iconst_2, ireturn.
                ClassFile.MethodInfo maxParams = cf.methods().stream().filter(m -> m.name().equals("maxParams")).findFirst().orElseThrow();
                assertEquals(2, maxParams.codeLength(), "code_length of maxParams()");
            }
            for (ClassFile.MethodInfo m : cf.methods()) {
                if (m.codeLength() < 0) continue; // abstract or native: no code
                methodCount++;
                if (m.codeLength() > largestSize) {
                    largestSize = m.codeLength();
                    largest = name + "." + m.name() + m.descriptor();
                }
                if (m.codeLength() >= HUGE_METHOD_LIMIT) {
                    report.add(name + "." + m.name() + m.descriptor() + ": " + m.codeLength() + " bytes");
                }
            }
        }
        System.out.printf("LargeAppTest: %d methods in %s; largest %s with %d bytes of bytecode%n",
                methodCount, generated, largest, largestSize);
        // A class of 2,000 routes has at least a chain method per route and a method per tree node.
        assertTrue(methodCount > 2000, "only " + methodCount + " methods: did the reader miss some?");
        assertTrue(largestSize > 0, "no Code attribute found");
        assertTrue(report.isEmpty(), "methods at or over HotSpot's HugeMethodLimit (" + HUGE_METHOD_LIMIT
                + " bytes), which the JIT never compiles:\n" + String.join("\n", report));
    }

    /**
     * What javac compiles after the processor: the generated file's lines, and how many of its methods are tree
     * nodes ({@code n<k>}) and chains ({@code route<k>}). 56,131 lines at 39c7b84, before the processor's part of
     * issue #18 (compiling this file is most of the build's time); emitter changes must not make it longer.
     */
    @Test
    void theGeneratedSourceIsNoLargerThanBefore() throws IOException {
        JavaFileObject source = app.compilation.generatedSourceFile("app.LargeAppRoutes").orElseThrow();
        String text = source.getCharContent(true).toString();
        long lines = text.lines().count();
        long nodeMethods = Pattern.compile("(?m)^  private int n\\d+\\(").matcher(text).results().count();
        long routeMethods = Pattern.compile("(?m)^  private void route\\d+\\(").matcher(text).results().count();
        System.out.printf("LargeAppTest: LargeAppRoutes.java has %,d lines: %,d node methods, %,d route methods%n",
                lines, nodeMethods, routeMethods);
        assertEquals(specs.size(), routeMethods, "one chain method per route");
        assertTrue(lines <= 56_131, lines + " generated lines, more than the 56,131 measured at 39c7b84");
    }

    /** A line of {@code -XX:+PrintCompilation}: a method of the generated router compiled at a tier. */
    private static final Pattern COMPILED = Pattern.compile("\\s([0-4])\\s+app\\.LargeAppRoutes::(\\w+) \\(\\d+ bytes\\)$");

    /**
     * Runs the router in a JVM of its own under {@code -XX:+PrintCompilation}, every request 3,000 times, with
     * inlining of the generated class turned off so that each method must be compiled on its own: every method
     * of the tree is compiled, and {@code match} and the root node by C2. A method HotSpot refuses to compile
     * (one over {@code HugeMethodLimit}, say) would print no line at all.
     */
    @Test
    void theRouterIsJitCompiled() throws Exception {
        Path dir = Files.createTempDirectory("kiln-jit");
        try {
            runUnderPrintCompilation(dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void runUnderPrintCompilation(Path dir) throws Exception {
        for (Map.Entry<String, byte[]> e : app.classFiles().entrySet()) {
            Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        List<String> requests = new ArrayList<>();
        for (Spec s : specs) requests.add(s.method() + " " + concrete(s.path(), new ArrayList<>()));
        Path requestFile = Files.write(dir.resolve("requests.txt"), requests, StandardCharsets.UTF_8);
        // The JVM's compile log goes to stderr, the driver's summary to stdout: one stream each, so that no line
        // of one is cut by a line of the other.
        Path vmLog = dir.resolve("compilation.txt");
        Path driverOut = dir.resolve("driver.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PrintCompilation", "-XX:+DisplayVMOutputToStderr", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,app.LargeAppRoutes::*",
                "-cp", dir + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                JitDriver.class.getName(), "app.LargeAppRoutes", requestFile.toString(), "3000");
        Process process = new ProcessBuilder(command).redirectOutput(driverOut.toFile()).redirectError(vmLog.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the driver did not finish within 120 s");
        }
        List<String> driver = Files.readAllLines(driverOut, StandardCharsets.UTF_8);
        List<String> output = Files.readAllLines(vmLog, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join("\n", driver) + "\n"
                + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
        assertEquals(List.of("JitDriver: " + 3000L * specs.size() + " lookups, 0 misses"), driver,
                "the driver's summary: every request matched");

        Map<String, Integer> highestTier = new HashMap<>();
        for (String line : output) {
            Matcher m = COMPILED.matcher(line);
            if (m.find()) highestTier.merge(m.group(2), Integer.parseInt(m.group(1)), Math::max);
        }
        List<String> tree = new ArrayList<>();
        for (ClassFile.MethodInfo m : ClassFile.parse(app.classFiles().get("app.LargeAppRoutes")).methods()) {
            if (m.name().equals("match") || m.name().matches("n\\d+")) tree.add(m.name());
        }
        assertTrue(tree.size() > 100, "only " + tree.size() + " tree methods: " + tree);
        List<String> notCompiled = tree.stream().filter(name -> !highestTier.containsKey(name)).toList();
        assertTrue(notCompiled.isEmpty(), () -> notCompiled.size() + " of " + tree.size()
                + " router methods were never JIT-compiled: " + notCompiled);
        assertEquals(4, highestTier.get("match"), "tier of match()");
        assertEquals(4, highestTier.get("n0"), "tier of the root node");
        long c2 = tree.stream().filter(name -> highestTier.get(name) == 4).count();
        System.out.printf("LargeAppTest: all %d router methods JIT-compiled, %d of them by C2%n", tree.size(), c2);
    }

    @Test
    void everyRouteResolvesToItself() {
        List<RouteInfo> infos = routes.routes();
        assertEquals(specs.size(), infos.size());
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < infos.size(); id++) {
            Integer previous = ids.put(infos.get(id).method() + " " + infos.get(id).path(), id);
            assertEquals(null, previous, "route listed twice: " + infos.get(id));
        }
        assertEquals(2, routes.maxParams());
        PathMatch match = new PathMatch(routes.maxParams());
        int checked = 0;
        for (Spec s : specs) {
            Integer id = ids.get(s.method() + " " + s.path());
            assertTrue(id != null, "route missing from the table: " + s);
            List<String> values = new ArrayList<>();
            String path = concrete(s.path(), values);
            for (String method : s.method().equals("GET") ? List.of("GET", "HEAD") : List.of(s.method())) {
                match.allowed = 0;
                int found = routes.lookup(Methods.bit(method), path, path.length(), match);
                assertEquals((int) id, found, () -> method + " " + path + " should reach " + s + " but reached "
                        + (found < 0 ? "nothing" : infos.get(found)));
                for (int k = 0; k < values.size(); k++) {
                    assertEquals(values.get(k), path.substring(match.offsets[2 * k], match.offsets[2 * k + 1]),
                            "parameter " + k + " of " + method + " " + path);
                }
                checked++;
            }
        }
        System.out.println("LargeAppTest: " + checked + " requests each reached their own route");
    }

    @Test
    void missesAndOtherMethodsStillAnswerAsTheyShould() {
        // A path that exists for other methods: no route, and the methods of every template the path matches.
        assertNoRoute("POST", "/api/v1/tickets/t9/tags/x", Methods.GET | Methods.PUT | Methods.DELETE);
        assertNoRoute("POST", "/api/v1/tickets/new", Methods.GET | Methods.PUT | Methods.PATCH | Methods.DELETE);
        assertNoRoute("PUT", "/api/v1/tickets", Methods.GET | Methods.POST);
        // Near-misses of static words reach nothing.
        assertNoRoute("GET", "/api/v1/tickets/stats/p9", 0);
        assertNoRoute("GET", "/api/v1/ticket", 0);
        assertNoRoute("GET", "/api/v1/tickets/x/files", 0);
        assertNoRoute("GET", "/api/v1/tickets/x/tags/", 0);
        // A static word wins over the parameter beside it; a near-miss of it is the parameter's value.
        assertRoute("GET", "/api/v1/tickets/new", "/api/v1/tickets/new", List.of());
        assertRoute("GET", "/api/v1/tickets/news", "/api/v1/tickets/:id", List.of("news"));
        assertRoute("DELETE", "/api/v1/tickets/%41/tags/a%2Fb", "/api/v1/tickets/:id/tags/:childId", List.of("%41", "a%2Fb"));
        assertRoute("GET", "/api/v1/tickets/x/files/", "/api/v1/tickets/:id/files/*path", List.of("x", "/"));
    }

    private static void assertNoRoute(String method, String path, int allowed) {
        PathMatch match = new PathMatch(routes.maxParams());
        int found = routes.lookup(Methods.bit(method), path, path.length(), match);
        assertEquals(-1, found, () -> method + " " + path + " reached " + routes.routes().get(found));
        assertEquals(allowed, match.allowed, () -> "allowed methods for " + method + " " + path);
    }

    private static void assertRoute(String method, String path, String template, List<String> values) {
        PathMatch match = new PathMatch(routes.maxParams());
        int found = routes.lookup(Methods.bit(method), path, path.length(), match);
        assertTrue(found >= 0, () -> method + " " + path + " reached nothing");
        RouteInfo info = routes.routes().get(found);
        assertEquals(template, info.path(), () -> method + " " + path);
        assertEquals(method, info.method(), () -> method + " " + path);
        for (int k = 0; k < values.size(); k++) {
            assertEquals(values.get(k), path.substring(match.offsets[2 * k], match.offsets[2 * k + 1]), "parameter " + k);
        }
    }

    /** The template filled in: {@code :name} becomes a value no static word equals, {@code *name} a two-segment rest. */
    private static String concrete(String template, List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String part : template.substring(1).split("/", -1)) {
            sb.append('/');
            if (part.startsWith(":")) {
                String v = "v" + values.size() + "-x";
                values.add(v);
                sb.append(v);
            } else if (part.startsWith("*")) {
                values.add("/docs/a%2Fb.txt");
                sb.append("docs/a%2Fb.txt");
            } else {
                sb.append(part);
            }
        }
        return sb.toString();
    }

    // ---- a minimal class-file reader (JVMS §4) -------------------------------------------------------

    /** The parts of a class file this test needs: its name and each method's code length. */
    record ClassFile(String thisClass, List<MethodInfo> methods) {
        /** A method; {@code codeLength} is -1 when it has no Code attribute. */
        record MethodInfo(int access, String name, String descriptor, int codeLength) {}

        static ClassFile parse(byte[] bytes) {
            try {
                return read(new DataInputStream(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ClassFile read(DataInputStream in) throws IOException {
            if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF(); // CONSTANT_Utf8: u2 length, modified UTF-8
                    case 3, 4 -> in.skipBytes(4); // Integer, Float
                    case 5, 6 -> { // Long, Double: eight bytes, two slots
                        in.skipBytes(8);
                        i++;
                    }
                    case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
                    case 8, 16, 19, 20 -> in.skipBytes(2); // String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4); // refs, NameAndType, Dynamic, InvokeDynamic
                    case 15 -> in.skipBytes(3); // MethodHandle
                    default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
                }
            }
            in.readUnsignedShort(); // access flags
            String thisClass = utf8[classNameIndex[in.readUnsignedShort()]];
            in.readUnsignedShort(); // super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6); // access, name, descriptor
                skipAttributes(in);
            }
            int methodCount = in.readUnsignedShort();
            List<MethodInfo> methods = new ArrayList<>();
            for (int m = 0; m < methodCount; m++) {
                int access = in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                int codeLength = -1;
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.readUnsignedShort(); // max_stack
                        in.readUnsignedShort(); // max_locals
                        codeLength = in.readInt();
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
                methods.add(new MethodInfo(access, name, descriptor, codeLength));
            }
            skipAttributes(in); // the class's own attributes: reading to the end checks the walk stayed aligned
            if (in.read() != -1) throw new IOException("bytes left after the class attributes: the reader lost its place");
            return new ClassFile(thisClass, methods);
        }

        private static void skipAttributes(DataInputStream in) throws IOException {
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }
}
