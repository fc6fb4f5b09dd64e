package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings from the environment: one entry per value setter of {@link KilnServer}, the forms of values, the order of
 * the sources, the messages for bad values and for misspelt names, and a server that serves with them.
 */
@Timeout(30)
class SettingsTest {
    /** The setters that take objects built in code; each is checked to take one that no variable could hold. */
    private static final Set<String> CODE_ONLY =
            Set.of("endpoint", "observe", "scopes", "install", "problems", "compression", "onException", "settings");

    @TempDir
    Path dir;

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    private static Properties props(String... pairs) {
        Properties props = new Properties();
        for (int i = 0; i < pairs.length; i += 2) props.setProperty(pairs[i], pairs[i + 1]);
        return props;
    }

    private static KilnServer server() {
        return new KilnServer(TestRoutes.builder()
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .build()).host("127.0.0.1").eventLoops(1).printRoutes(false);
    }

    private static List<String> values(Settings settings) {
        return settings.values().stream().map(Settings.Value::toString).toList();
    }

    @Test
    void everyValueSetterOfKilnServerHasASetting() {
        Set<String> setters = new TreeSet<>();
        for (Method m : KilnServer.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) continue;
            if (m.getReturnType() != KilnServer.class) continue;
            if (CODE_ONLY.contains(m.getName())) {
                boolean object = false;
                for (Class<?> p : m.getParameterTypes()) {
                    object |= !(p.isPrimitive() || p == String.class || p == Duration.class || p.isEnum());
                }
                assertTrue(object, m + " takes only values a variable could hold: give it a setting");
                continue;
            }
            assertEquals(1, m.getParameterCount(), m + " is a setter of one value");
            setters.add(m.getName());
        }
        Set<String> table = new TreeSet<>();
        for (Settings.Setting<?> s : Settings.TABLE) table.add(s.setter());
        assertEquals(setters, table, "a setting per value setter, and no setting without a setter");
        assertEquals(Settings.TABLE.size(), table.size(), "each setter once");
    }

    @Test
    void namesAreTheSettersInCapitalsAndInLowerCaseWithDashes() {
        Settings.Setting<?> s = Settings.find("KILN_MAX_BODY_SIZE");
        assertNotNull(s);
        assertEquals("maxBodySize", s.setter());
        assertEquals("kiln.max-body-size", s.property());
        assertEquals(s, Settings.find("kiln.max-body-size"));
        assertEquals("KILN_PORT", Settings.find("kiln.port").variable());
        assertEquals(null, Settings.find("KILN_MAXBODYSIZE"));
    }

    /** The size settings that take every size, 0 included. */
    private static final Set<String> EVERY_SIZE = Set.of("maxBodySize", "formMemoryThreshold", "maxFormPartSize", "maxFormSize",
            "http2InitialWindowSize");

    @Test
    void eachSettingCallsItsOwnSetter() {
        // A value the setter refuses: its message names the setter, so the entry calls the setter it is named for.
        // maxBodySize and the form sizes accept every size there is; servesWithTheValuesItFound shows maxBodySize
        // wired, FormsOverSocketTest the form sizes.
        Map<Settings.Form<?>, String> refused = Map.of(
                Settings.Form.INT, "-1", Settings.Form.SIZE, "1", Settings.Form.DURATION, "PT-1S");
        int checked = 0;
        for (Settings.Setting<?> s : Settings.TABLE) {
            String value = refused.get(s.form());
            if (value == null || EVERY_SIZE.contains(s.setter())) continue;
            Settings settings = Settings.from(env(s.variable(), value), new Properties(), null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().settings(settings));
            assertTrue(e.getMessage().startsWith(s.variable() + "=" + value + ": " + s.setter() + " "), e.getMessage());
            checked++;
        }
        assertEquals(21, checked, "every whole number, size and duration but those taking any size");
    }

    @Test
    void sizesAreBytesOrBinaryUnits() {
        assertEquals(1_048_576, Settings.parseSize("1048576"));
        assertEquals(512 * 1024, Settings.parseSize("512KiB"));
        assertEquals(8L << 20, Settings.parseSize("8MiB"));
        assertEquals(8L << 20, Settings.parseSize(" 8 mib "));
        assertEquals(1L << 30, Settings.parseSize("1GiB"));
        assertEquals(100, Settings.parseSize("100B"));
        assertEquals(0, Settings.parseSize("0"));
        String form = "expected a size in bytes, such as 1048576, 512KiB or 8MiB";
        assertEquals(form + "; write MiB for 2^20 bytes (MB is 10^6 to some)",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("8MB")).getMessage());
        assertEquals(form + "; write KiB for 1024 bytes (KB is 1000 to some)",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("512k")).getMessage());
        assertEquals(form + "; the units are KiB, MiB and GiB",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("8TiB")).getMessage());
        assertEquals(form, assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("-1")).getMessage());
        assertEquals(form, assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("1.5MiB")).getMessage());
        assertEquals(form + "; this one is too large",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseSize("99999999999GiB")).getMessage());
    }

    @Test
    void durationsHaveAUnitOrAreIso8601() {
        assertEquals(Duration.ofMillis(500), Settings.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), Settings.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(2), Settings.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Settings.parseDuration("1h"));
        assertEquals(Duration.ofSeconds(90), Settings.parseDuration("1m30s"));
        assertEquals(Duration.ofMillis(1500), Settings.parseDuration("1s500ms"));
        assertEquals(Duration.ofSeconds(30), Settings.parseDuration("PT30S"));
        assertEquals(Duration.ZERO, Settings.parseDuration("0"));
        String form = "expected a duration, such as 500ms, 30s, 2m, 1m30s or PT30S";
        assertEquals(form + "; a number needs a unit: ms, s, m or h",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration("30")).getMessage());
        assertEquals(form + "; this is not ISO-8601",
                assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration("PT")).getMessage());
        for (String bad : List.of("30 s", "1.5s", "soon", "30sec", "s", "-5s")) {
            assertEquals(form, assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration(bad)).getMessage(),
                    bad);
        }
    }

    @Test
    void aSystemPropertyWinsOverAVariableWhichWinsOverTheFile() throws IOException {
        Path file = dir.resolve("kiln.properties");
        Files.writeString(file, "kiln.port=1\nkiln.host=10.0.0.1\nkiln.idle-timeout=5s\n");
        Map<String, String> env = env("KILN_PORT", "2", "KILN_HOST", "10.0.0.2", "KILN_CONFIG", file.toString());
        Properties props = props("kiln.port", "3");
        assertEquals(List.of("-Dkiln.port=3", "KILN_HOST=10.0.0.2", "kiln.idle-timeout=5s in " + file),
                values(Settings.from(env, props)));
        assertEquals(List.of("KILN_PORT=2", "KILN_HOST=10.0.0.2", "kiln.idle-timeout=5s in " + file),
                values(Settings.from(env, new Properties())));
        assertEquals(List.of("kiln.port=1 in " + file, "kiln.host=10.0.0.1 in " + file, "kiln.idle-timeout=5s in " + file),
                values(Settings.from(env("KILN_PORT", " ", "KILN_CONFIG", file.toString()), new Properties())),
                "a blank value is no value");
        assertEquals(List.of(), values(Settings.from(env(), new Properties())));
    }

    @Test
    void theFileIsNamedByThePropertyOrElseTheVariable() throws IOException {
        Path a = Files.writeString(dir.resolve("a.properties"), "kiln.port=1\n");
        Path b = Files.writeString(dir.resolve("b.properties"), "kiln.port=2\n");
        assertEquals(List.of("kiln.port=1 in " + a),
                values(Settings.from(env("KILN_CONFIG", b.toString()), props("kiln.config", a.toString()))));
        assertEquals(List.of("kiln.port=2 in " + b), values(Settings.from(env("KILN_CONFIG", b.toString()), props())));
        Path missing = dir.resolve("missing.properties");
        Settings none = Settings.from(env("KILN_CONFIG", missing.toString()), props());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().settings(none));
        assertEquals("KILN_CONFIG=" + missing + ": no such file", e.getMessage());
    }

    @Test
    void aBadValueNamesItsSourceTheValueAndTheFormExpected() {
        Settings settings = Settings.from(env("KILN_MAX_BODY_SIZE", "8MB"), props());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().settings(settings));
        assertEquals("KILN_MAX_BODY_SIZE=8MB: expected a size in bytes, such as 1048576, 512KiB or 8MiB; write MiB for"
                + " 2^20 bytes (MB is 10^6 to some)", e.getMessage());
        assertEquals("KILN_PORT=70000: port out of range: 70000", assertThrows(IllegalArgumentException.class,
                () -> server().settings(Settings.from(env("KILN_PORT", "70000"), props()))).getMessage());
        assertEquals("KILN_PORT=tcp://10.0.0.1:80: expected a whole number, such as 100; this is a Kubernetes service"
                + " link, set for a Service named kiln: set enableServiceLinks: false on the pod",
                assertThrows(IllegalArgumentException.class, () -> server().settings(
                        Settings.from(env("KILN_PORT", "tcp://10.0.0.1:80"), props()))).getMessage());
        assertEquals("-Dkiln.virtual-threads=yes: expected true or false", assertThrows(IllegalArgumentException.class,
                () -> server().settings(Settings.from(env(), props("kiln.virtual-threads", "yes")))).getMessage());
        assertEquals("KILN_TRANSPORT=io_uring: expected epoll or nio", assertThrows(IllegalArgumentException.class,
                () -> server().settings(Settings.from(env("KILN_TRANSPORT", "io_uring"), props()))).getMessage());
        assertEquals("KILN_TLS_PROVIDER=boringssl: expected openssl or jdk", assertThrows(IllegalArgumentException.class,
                () -> server().settings(Settings.from(env("KILN_TLS_PROVIDER", "boringssl"), props()))).getMessage());
    }

    @Test
    void aPasswordIsNeverShown() {
        Settings settings = Settings.from(env("KILN_TLS_KEY_PASSWORD", "hunter2", "KILN_TLS_CERT", "/etc/tls/cert.pem"),
                props("kiln.tls-pkcs12-password", "swordfish"));
        assertEquals(List.of("-Dkiln.tls-pkcs12-password=(hidden)", "KILN_TLS_CERT=/etc/tls/cert.pem",
                "KILN_TLS_KEY_PASSWORD=(hidden)"), values(settings).stream().sorted().toList());
        // A bad value beside it: the message lists the bad one, and the password nowhere.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().settings(
                Settings.from(env("KILN_TLS_KEY_PASSWORD", "hunter2", "KILN_TLS_RELOAD_INTERVAL", "10"), props())));
        assertTrue(e.getMessage().startsWith("KILN_TLS_RELOAD_INTERVAL=10: "), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void everyBadValueIsListedAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("kiln.properties"), "kiln.idle-timeout=soon\n");
        Settings settings = Settings.from(env("KILN_PORT", "http", "KILN_EVENT_LOOPS", "0"), props(), file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().settings(settings));
        assertEquals("3 settings are wrong:\n"
                + "  KILN_PORT=http: expected a whole number, such as 100\n"
                + "  KILN_EVENT_LOOPS=0: eventLoops < 1: 0\n"
                + "  kiln.idle-timeout=soon in " + file + ": expected a duration, such as 500ms, 30s, 2m, 1m30s or PT30S",
                e.getMessage());
    }

    @Test
    void servesWithTheValuesItFound() throws IOException {
        Settings settings = Settings.from(env("KILN_PORT", "0", "KILN_MAX_BODY_SIZE", "1KiB"), props());
        try (RunningServer server = server().port(8080).maxBodySize(4096).settings(settings).start()) {
            assertTrue(server.port() > 0 && server.port() != 8080, "KILN_PORT=0 over the code's 8080");
            assertEquals(413, post(server.port(), 2048), "KILN_MAX_BODY_SIZE=1KiB over the code's 4096");
            assertEquals(200, post(server.port(), 1024));
        }
    }

    @Test
    void aSetterCalledAfterTheSettingsWins() throws IOException {
        Settings settings = Settings.from(env("KILN_MAX_BODY_SIZE", "1KiB"), props());
        try (RunningServer server = server().settings(settings).maxBodySize(4096).port(0).start()) {
            assertEquals(200, post(server.port(), 2048));
        }
    }

    @Test
    void aBadValueLeavesEveryOtherSettingUnset() throws IOException {
        Settings settings = Settings.from(env("KILN_MAX_BODY_SIZE", "1KiB", "KILN_IDLE_TIMEOUT", "soon"), props());
        KilnServer kiln = server().port(0);
        assertThrows(IllegalArgumentException.class, () -> kiln.settings(settings));
        try (RunningServer server = kiln.start()) {
            assertEquals(200, post(server.port(), 2048), "the default 8 MiB still");
        }
    }

    private static int post(int port, int bytes) throws IOException {
        try (Wire wire = Wire.connect(port)) {
            return wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + bytes + "\r\n\r\n")
                    .send(new byte[bytes]).read().status();
        }
    }

    @Test
    void aNameCloseToASettingIsWarnedAboutAsATypo() throws IOException {
        Path file = Files.writeString(dir.resolve("kiln.properties"), "kiln.colour=blue\nkiln.idle-timout=5s\n");
        Settings settings = Settings.from(
                env("KILN_MAX_BODYSIZE", "1KiB", "KILN_ADMIN_TOKEN", "secret", "KILN_JDK25", "/opt/jdk",
                        "KILN_SAMPLE_SERVICE_PORT", "tcp://10.0.0.1:80", "KILN_CONFIG", file.toString()),
                props("kiln.maxBodySize", "1KiB", "kiln.routes.print", "false"));
        List<String> expected = new ArrayList<>(List.of(
                "-Dkiln.maxBodySize is not a Kiln setting and is ignored; did you mean -Dkiln.max-body-size?",
                "KILN_MAX_BODYSIZE is not a Kiln setting and is ignored; did you mean KILN_MAX_BODY_SIZE?",
                "kiln.colour in " + file + " is not a Kiln setting and is ignored",
                "kiln.idle-timout in " + file + " is not a Kiln setting and is ignored; did you mean kiln.idle-timeout?"));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(settings.warnings()));
        expected.remove(1);
        assertEquals(new TreeSet<>(expected), new TreeSet<>(settings.allow("KILN_MAX_BODYSIZE").warnings()),
                "a name the application declared is its own");
        assertEquals(new TreeSet<>(List.of("-Dkiln.maxBodySize", "KILN_MAX_BODYSIZE", "KILN_JDK25",
                        "KILN_SAMPLE_SERVICE_PORT", "kiln.colour in " + file, "kiln.idle-timout in " + file)),
                new TreeSet<>(settings.allow("KILN_ADMIN_TOKEN").unknown()), "every unknown name, near a setting or not");
        server().settings(settings); // warnings do not stop start-up
    }

    @Test
    void typosAreWithinTwoEditsOrOneForShortNames() {
        assertEquals(0, Settings.distance("port", "port"));
        assertEquals(2, Settings.distance("prot", "port"), "a swap is two edits");
        assertEquals(3, Settings.distance("kitten", "sitting"));
        assertEquals("drainDelay", Settings.nearest("KILN_DRAIN_DELY").setter());
        assertEquals(null, Settings.nearest("KILN_ADMIN_TOKEN"));
        assertEquals("port", Settings.nearest("KILN_PRT").setter());
        assertEquals(null, Settings.nearest("KILN_POOL"), "two edits from port, but a word of its own");
        assertEquals(null, Settings.nearest("KILN_DB_HOST"));
        assertEquals(null, Settings.nearest("-Dkiln.routes.print"), "Kiln's own other switch");
    }

    @Test
    void theReadmeNamesEverySetting() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (Settings.Setting<?> s : Settings.TABLE) {
            String row = "| `" + s.setter() + "` | `" + s.variable() + "` | `" + s.property() + "` |";
            assertTrue(readme.contains(row), "the README's configuration table lacks " + row);
        }
    }
}
