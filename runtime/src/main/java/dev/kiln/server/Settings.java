package dev.kiln.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's settings as the environment gives them, for operators to change without a rebuild:
 * {@code Kiln.server(routes).settings(Settings.fromEnvironment()).start()}.
 *
 * <p>Every value setter of {@link KilnServer} has a variable and a system property named after it:
 * {@code maxBodySize} is {@code KILN_MAX_BODY_SIZE} and {@code -Dkiln.max-body-size}; a properties file named by
 * {@code KILN_CONFIG} or {@code -Dkiln.config} holds the property names ({@code kiln.max-body-size=8MiB}). Where
 * one setting has several values the system property wins, then the variable, then the file: the narrower the
 * scope, the later it was decided (a file is shared by every instance of an image, a variable set for one
 * deployment, a property typed on one command line). A blank value counts as not set.
 *
 * <p>{@link KilnServer#settings(Settings)} calls the setters with the values found, at that point of the chain:
 * what the code set before it is the default the environment overrides, and a setter called after it overrides
 * the environment. Values take these forms:
 *
 * <ul>
 *   <li>sizes in bytes: {@code 1048576}, or binary units {@code 512KiB}, {@code 8MiB}, {@code 1GiB};
 *       {@code MB} is refused, since it means 10<sup>6</sup> to some and 2<sup>20</sup> to others;
 *   <li>durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, combined as in {@code 1m30s}, or ISO-8601
 *       as in {@code PT30S}; a bare number has no unit and is refused, except {@code 0};
 *   <li>booleans: {@code true} or {@code false}; whole numbers: {@code 100}; the transport: {@code epoll} or
 *       {@code nio}; the TLS provider: {@code openssl} or {@code jdk}; paths and passwords as they are (a
 *       password is never logged).
 * </ul>
 *
 * <p>A value that does not parse, or that its setter refuses, stops {@code settings(...)} with an
 * {@link IllegalArgumentException} that names where the value came from, the value, and the form expected
 * ({@code KILN_MAX_BODY_SIZE=8MB: expected a size in bytes, such as 1048576, 512KiB or 8MiB; ...}); every bad value
 * is listed, not only the first. A {@code KILN_*} variable or {@code kiln.*} property that is no setting is
 * logged as a warning when it is close to the name of one ({@code KILN_MAX_BODYSIZE}: did you mean
 * {@code KILN_MAX_BODY_SIZE}?) and at debug level otherwise; names the application reads itself are declared
 * with {@link #allow(String...)}.
 */
public final class Settings {
    /** The variable naming a properties file of settings. */
    public static final String CONFIG_VARIABLE = "KILN_CONFIG";
    /** The system property naming a properties file of settings; it wins over {@link #CONFIG_VARIABLE}. */
    public static final String CONFIG_PROPERTY = "kiln.config";
    /** Variables that are settings begin with this. */
    static final String VARIABLE_PREFIX = "KILN_";
    /** System properties (and keys of the file) that are settings begin with this. */
    static final String PROPERTY_PREFIX = "kiln.";
    /** Kiln's own properties that are not server settings; read elsewhere, never warned about. */
    private static final Set<String> OTHER_NAMES = Set.of(CONFIG_VARIABLE, CONFIG_PROPERTY, "kiln.routes.print");
    /**
     * How many edits away a name may be from a setting's to be taken for a typo of it; one for a name of five letters
     * or fewer, where two edits make another word ({@code KILN_POOL} is no typo of {@code KILN_PORT}).
     */
    private static final int TYPO_DISTANCE = 2;
    private static final int SHORT_NAME = 5;
    /** The value the kubelet gives {@code <SERVICE>_PORT}: {@code tcp://10.0.0.1:80}. */
    private static final Pattern SERVICE_LINK = Pattern.compile("(tcp|udp|sctp)://[^/]+:\\d+");

    private static final Logger log = LoggerFactory.getLogger(Settings.class);

    /** Every setting, in the order of the README's table; {@code SettingsTest} checks that none is missing. */
    static final List<Setting<?>> TABLE = List.of(
            new Setting<>("port", Form.INT, KilnServer::port),
            new Setting<>("host", Form.TEXT, KilnServer::host),
            new Setting<>("eventLoops", Form.INT, KilnServer::eventLoops),
            new Setting<>("reusePort", Form.INT, KilnServer::reusePort),
            new Setting<>("transport", Form.TRANSPORT, KilnServer::transport),
            new Setting<>("maxRequestLine", Form.SIZE, KilnServer::maxRequestLine),
            new Setting<>("maxHeaderSize", Form.SIZE, KilnServer::maxHeaderSize),
            new Setting<>("maxHeaderCount", Form.INT, KilnServer::maxHeaderCount),
            new Setting<>("maxBodySize", Form.SIZE, KilnServer::maxBodySize),
            new Setting<>("formMemoryThreshold", Form.SIZE, KilnServer::formMemoryThreshold),
            new Setting<>("maxFormParts", Form.INT, KilnServer::maxFormParts),
            new Setting<>("maxFormPartSize", Form.SIZE, KilnServer::maxFormPartSize),
            new Setting<>("maxFormSize", Form.SIZE, KilnServer::maxFormSize),
            new Setting<>("uploadDirectory", Form.TEXT, (server, path) -> server.uploadDirectory(Path.of(path))),
            new Setting<>("headerTimeout", Form.DURATION, KilnServer::headerTimeout),
            new Setting<>("idleTimeout", Form.DURATION, KilnServer::idleTimeout),
            new Setting<>("maxQueuedRequests", Form.INT, KilnServer::maxQueuedRequests),
            new Setting<>("virtualThreads", Form.BOOLEAN, KilnServer::virtualThreads),
            new Setting<>("blockingThreads", Form.INT, KilnServer::blockingThreads),
            new Setting<>("blockingQueue", Form.INT, KilnServer::blockingQueue),
            new Setting<>("acceptBacklog", Form.INT, KilnServer::acceptBacklog),
            new Setting<>("h2c", Form.BOOLEAN, KilnServer::h2c),
            new Setting<>("http2MaxConcurrentStreams", Form.INT, KilnServer::http2MaxConcurrentStreams),
            new Setting<>("http2MaxHeaderListSize", Form.SIZE, KilnServer::http2MaxHeaderListSize),
            new Setting<>("http2MaxFrameSize", Form.SIZE, KilnServer::http2MaxFrameSize),
            new Setting<>("http2InitialWindowSize", Form.SIZE, KilnServer::http2InitialWindowSize),
            new Setting<>("shutdownTimeout", Form.DURATION, KilnServer::shutdownTimeout),
            new Setting<>("blockingTimeout", Form.DURATION, KilnServer::blockingTimeout),
            new Setting<>("drainDelay", Form.DURATION, KilnServer::drainDelay),
            new Setting<>("tlsCert", Form.TEXT, (server, path) -> server.tlsCert(Path.of(path))),
            new Setting<>("tlsKey", Form.TEXT, (server, path) -> server.tlsKey(Path.of(path))),
            new Setting<>("tlsKeyPassword", Form.SECRET, KilnServer::tlsKeyPassword),
            new Setting<>("tlsPkcs12", Form.TEXT, (server, path) -> server.tlsPkcs12(Path.of(path))),
            new Setting<>("tlsPkcs12Password", Form.SECRET, KilnServer::tlsPkcs12Password),
            new Setting<>("tlsProvider", Form.TLS_PROVIDER, KilnServer::tlsProvider),
            new Setting<>("tlsReloadInterval", Form.DURATION, KilnServer::tlsReloadInterval),
            new Setting<>("validationStatus", Form.INT, KilnServer::validationStatus),
            new Setting<>("pooling", Form.BOOLEAN, KilnServer::pooling),
            new Setting<>("printRoutes", Form.BOOLEAN, KilnServer::printRoutes));

    private final List<Value> values;
    private final List<String> problems;
    private final List<Value> unknown;
    private final Set<String> allowed;

    private Settings(List<Value> values, List<String> problems, List<Value> unknown, Set<String> allowed) {
        this.values = values;
        this.problems = problems;
        this.unknown = unknown;
        this.allowed = allowed;
    }

    /**
     * The settings of this process: {@link System#getenv()}, {@link System#getProperties()}, and the file that
     * {@code -Dkiln.config} or {@code KILN_CONFIG} names, if one does.
     */
    public static Settings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** The settings in {@code env} and {@code properties}, and in the file either names as {@code fromEnvironment()} does. */
    public static Settings from(Map<String, String> env, Properties properties) {
        Objects.requireNonNull(env, "env == null");
        Objects.requireNonNull(properties, "properties == null");
        String property = blankToNull(properties.getProperty(CONFIG_PROPERTY));
        String variable = blankToNull(env.get(CONFIG_VARIABLE));
        if (property != null) return from(env, properties, Path.of(property), "-D" + CONFIG_PROPERTY + "=" + property);
        if (variable != null) return from(env, properties, Path.of(variable), CONFIG_VARIABLE + "=" + variable);
        return from(env, properties, null, null);
    }

    /** The settings in {@code env}, {@code properties} and the properties file {@code file} (none when null). */
    public static Settings from(Map<String, String> env, Properties properties, Path file) {
        return from(env, properties, file, file == null ? null : String.valueOf(file));
    }

    private static Settings from(Map<String, String> env, Properties properties, Path file, String fileNamedBy) {
        Objects.requireNonNull(env, "env == null");
        Objects.requireNonNull(properties, "properties == null");
        List<String> problems = new ArrayList<>();
        Properties fileProperties = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fileProperties.load(in);
            } catch (NoSuchFileException e) {
                problems.add(fileNamedBy + ": no such file");
            } catch (IOException | IllegalArgumentException e) { // a malformed \\uXXXX escape is the latter
                problems.add(fileNamedBy + ": cannot be read: " + e.getMessage());
            }
        }
        List<Value> values = new ArrayList<>();
        for (Setting<?> s : TABLE) {
            Value v = Value.property(s, properties.getProperty(s.property()));
            if (v == null) v = Value.variable(s, env.get(s.variable()));
            if (v == null) v = Value.inFile(s, fileProperties.getProperty(s.property()), file);
            if (v != null) values.add(v);
        }
        List<Value> unknown = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX) && find(name) == null) unknown.add(new Value(null, "-D" + name, "", null));
        }
        for (String name : env.keySet()) {
            if (name.startsWith(VARIABLE_PREFIX) && find(name) == null) unknown.add(new Value(null, name, "", null));
        }
        for (String name : fileProperties.stringPropertyNames()) {
            if (find(name) == null) unknown.add(new Value(null, name, "", file));
        }
        return new Settings(List.copyOf(values), List.copyOf(problems), List.copyOf(unknown), Set.of());
    }

    /**
     * These settings, with {@code names} (variables or properties) declared as the application's own: the
     * application reads them itself, so they are not reported as unknown ({@code "KILN_ADMIN_TOKEN"}).
     */
    public Settings allow(String... names) {
        Set<String> all = new LinkedHashSet<>(allowed);
        for (String name : names) all.add(Objects.requireNonNull(name, "name == null"));
        return new Settings(values, problems, unknown, Set.copyOf(all));
    }

    /**
     * Reads a size in bytes as the settings do: {@code 1048576}, {@code 512KiB}, {@code 8MiB} or {@code 1GiB};
     * for the application's own settings.
     *
     * @throws IllegalArgumentException naming the form expected
     */
    public static long parseSize(String text) {
        return Form.BYTES.parse(Objects.requireNonNull(text, "text == null"));
    }

    /**
     * Reads a duration as the settings do: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s},
     * {@code 0}, or ISO-8601 ({@code PT30S}); for the application's own settings.
     *
     * @throws IllegalArgumentException naming the form expected
     */
    public static Duration parseDuration(String text) {
        return Form.DURATION.parse(Objects.requireNonNull(text, "text == null"));
    }

    /**
     * Calls the setters of {@code server} with the values found, all or none: every value is parsed and tried on a
     * scratch server first, so a bad one throws before any is set. Logs the values set, and the unknown names
     * (see the class comment).
     */
    void applyTo(KilnServer server) {
        List<String> bad = new ArrayList<>(problems);
        KilnServer scratch = new KilnServer(server.routes());
        for (Value v : values) {
            try {
                v.setting().set(scratch, v.raw());
            } catch (IllegalArgumentException e) {
                bad.add(v + ": " + e.getMessage() + serviceLinkHint(v));
            }
        }
        if (bad.size() == 1) throw new IllegalArgumentException(bad.get(0));
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(bad.size() + " settings are wrong:\n  " + String.join("\n  ", bad));
        }
        List<String> applied = new ArrayList<>();
        for (Value v : values) {
            v.setting().set(server, v.raw());
            applied.add(v.toString());
        }
        for (String warning : warnings()) log.warn(warning);
        for (String name : quietUnknown()) {
            log.debug("{} is not a Kiln setting; ignored (declare the application's own names with Settings.allow)",
                    name);
        }
        if (!applied.isEmpty()) log.info("Kiln settings from the environment: {}", String.join(", ", applied));
    }

    /**
     * What to do when a variable holds a Kubernetes service link: the kubelet sets {@code KILN_PORT=tcp://10.0.0.1:80}
     * in every pod of a namespace that has a Service named {@code kiln}.
     */
    private static String serviceLinkHint(Value v) {
        if (v.file() != null || !v.name().endsWith("_PORT") || !SERVICE_LINK.matcher(v.raw()).matches()) return "";
        String service = v.name().substring(0, v.name().length() - "_PORT".length()).toLowerCase(Locale.ROOT)
                .replace('_', '-');
        return "; this is a Kubernetes service link, set for a Service named " + service
                + ": set enableServiceLinks: false on the pod";
    }

    /** The values found, one per setting that has one, each from the source that wins; in the table's order. */
    List<Value> values() {
        return values;
    }

    /**
     * The names found under Kiln's prefixes ({@code KILN_}, {@code kiln.}, and every key of the file) that are no
     * setting and were not {@linkplain #allow allowed}: for a test that checks a deployment's environment. Properties
     * are given as {@code -Dname}, keys of the file as {@code name in file}.
     */
    public List<String> unknown() {
        List<String> names = new ArrayList<>();
        for (Value v : unknown) {
            if (!isAllowed(v.name())) names.add(v.where());
        }
        return names;
    }

    /** The warnings for names that look like misspelt settings, and for keys of the file that are none; one line each. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (Value v : unknown) {
            if (isAllowed(v.name())) continue;
            Setting<?> near = nearest(v.name());
            if (near != null) {
                String meant = v.name().startsWith("-D") ? "-D" + near.property()
                        : v.name().startsWith(VARIABLE_PREFIX) ? near.variable() : near.property();
                warnings.add(v.where() + " is not a Kiln setting and is ignored; did you mean " + meant + "?");
            } else if (v.file() != null) {
                warnings.add(v.where() + " is not a Kiln setting and is ignored");
            }
        }
        return warnings;
    }

    /** The unknown names that are not near a setting: the environment is shared, so most are someone else's. */
    private List<String> quietUnknown() {
        List<String> names = new ArrayList<>();
        for (Value v : unknown) {
            if (!isAllowed(v.name()) && v.file() == null && nearest(v.name()) == null) names.add(v.name());
        }
        return names;
    }

    private boolean isAllowed(String name) {
        String bare = name.startsWith("-D") ? name.substring(2) : name;
        return allowed.contains(bare) || OTHER_NAMES.contains(bare);
    }

    /** The setting whose variable or property is {@code name}, or null. */
    static Setting<?> find(String name) {
        for (Setting<?> s : TABLE) {
            if (s.variable().equals(name) || s.property().equals(name)) return s;
        }
        return null;
    }

    /**
     * The setting whose name is within {@link #TYPO_DISTANCE} edits of {@code name}, compared without prefix, case
     * and separators ({@code kiln.maxBodySize} is {@code kiln.max-body-size}); null when none is
     * ({@code KILN_PORT_NUMBER} is no typo of {@code KILN_PORT}).
     */
    static Setting<?> nearest(String name) {
        String bare = name.startsWith("-D") ? name.substring(2) : name;
        if (OTHER_NAMES.contains(bare)) return null;
        String key = normalized(bare);
        Setting<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> s : TABLE) {
            String setting = normalized(s.setter());
            int d = distance(key, setting);
            if (d <= (setting.length() <= SHORT_NAME ? 1 : TYPO_DISTANCE) && d < bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("kiln_") || lower.startsWith("kiln.")) lower = lower.substring(5);
        return lower.replace("_", "").replace("-", "").replace(".", "");
    }

    /** Levenshtein's edit distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * One setting: the {@link KilnServer} setter it calls, the form of its values, and its names, made from the
     * setter's: {@code maxBodySize} is {@code KILN_MAX_BODY_SIZE} and {@code kiln.max-body-size}.
     */
    record Setting<T>(String setter, Form<T> form, BiConsumer<KilnServer, T> apply) {
        /** {@code KILN_} and the setter's name in capitals, its words joined by {@code _}. */
        String variable() {
            return VARIABLE_PREFIX + words('_').toUpperCase(Locale.ROOT);
        }

        /** {@code kiln.} and the setter's name in lower case, its words joined by {@code -}. */
        String property() {
            return PROPERTY_PREFIX + words('-');
        }

        private String words(char separator) {
            StringBuilder out = new StringBuilder();
            for (char c : setter.toCharArray()) {
                if (Character.isUpperCase(c)) out.append(separator).append(Character.toLowerCase(c));
                else out.append(c);
            }
            return out.toString();
        }

        /** Calls the setter of {@code server} with the value {@code raw} stands for. */
        void set(KilnServer server, String raw) {
            apply.accept(server, form.parse(raw));
        }
    }

    /**
     * Where a value came from and what it was: a system property, a variable, or a key of the file. Its string is
     * how messages quote it: {@code KILN_PORT=80}, {@code -Dkiln.port=80}, {@code kiln.port=80 in kiln.properties};
     * a password as {@code KILN_TLS_KEY_PASSWORD=(hidden)}.
     */
    record Value(Setting<?> setting, String name, String raw, Path file) {
        static Value property(Setting<?> s, String raw) {
            return blankToNull(raw) == null ? null : new Value(s, "-D" + s.property(), raw.trim(), null);
        }

        static Value variable(Setting<?> s, String raw) {
            return blankToNull(raw) == null ? null : new Value(s, s.variable(), raw.trim(), null);
        }

        static Value inFile(Setting<?> s, String raw, Path file) {
            return blankToNull(raw) == null ? null : new Value(s, s.property(), raw.trim(), file);
        }

        /** The name, and the file it is in if any. */
        String where() {
            return file == null ? name : name + " in " + file;
        }

        @Override
        public String toString() {
            String shown = setting != null && setting.form() == Form.SECRET ? "(hidden)" : raw;
            return file == null ? name + "=" + shown : name + "=" + shown + " in " + file;
        }
    }

    /**
     * The form of a setting's values: how to read one, and how to describe it in an error. The parser throws
     * {@code IllegalArgumentException} with an empty message, or with one that begins with "; " and says more;
     * {@link #parse} puts the description before it.
     */
    record Form<T>(String description, Parser<T> parser) {
        private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
        private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

        static final Form<Integer> INT = new Form<>("a whole number, such as 100", Form::integer);
        static final Form<Long> BYTES = new Form<>("a size in bytes, such as 1048576, 512KiB or 8MiB", Form::size);
        static final Form<Integer> SIZE = new Form<>(BYTES.description(), text -> {
            long bytes = size(text);
            if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("; at most 2147483647 (2GiB less one byte)");
            return (int) bytes;
        });
        static final Form<Duration> DURATION = new Form<>("a duration, such as 500ms, 30s, 2m, 1m30s or PT30S",
                Form::duration);
        static final Form<Boolean> BOOLEAN = new Form<>("true or false", Form::bool);
        static final Form<String> TEXT = new Form<>("text", text -> text);
        static final Form<Transport> TRANSPORT = new Form<>("epoll or nio", Form::transport);
        /** Text kept out of the log and of messages: a password. */
        static final Form<String> SECRET = new Form<>("text", text -> text);
        static final Form<TlsProvider> TLS_PROVIDER = new Form<>("openssl or jdk", Form::tlsProvider);

        /** The value {@code raw} stands for; else an exception whose message says what was expected. */
        T parse(String raw) {
            try {
                return parser.parse(raw.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected " + description + e.getMessage());
            }
        }

        private static int integer(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("");
            }
        }

        private static long size(String text) {
            Matcher m = SIZE_PATTERN.matcher(text);
            if (!m.matches()) throw new IllegalArgumentException("");
            long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "", "b" -> 1;
                case "kib" -> 1L << 10;
                case "mib" -> 1L << 20;
                case "gib" -> 1L << 30;
                case "k", "kb" -> throw new IllegalArgumentException("; write KiB for 1024 bytes (KB is 1000 to some)");
                case "m", "mb" -> throw new IllegalArgumentException("; write MiB for 2^20 bytes (MB is 10^6 to some)");
                case "g", "gb" -> throw new IllegalArgumentException("; write GiB for 2^30 bytes (GB is 10^9 to some)");
                default -> throw new IllegalArgumentException("; the units are KiB, MiB and GiB");
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("; this one is too large");
            }
        }

        private static Duration duration(String text) {
            if (text.equals("0")) return Duration.ZERO;
            if (text.startsWith("P") || text.startsWith("p")) {
                try {
                    return Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("; this is not ISO-8601");
                }
            }
            Matcher m = DURATION_PART.matcher(text);
            Duration total = Duration.ZERO;
            int at = 0;
            while (at < text.length() && m.find(at) && m.start() == at) {
                try {
                    long n = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    });
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("; this one is too long");
                }
                at = m.end();
            }
            if (at > 0 && at == text.length()) return total;
            if (text.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("; a number needs a unit: ms, s, m or h");
            }
            throw new IllegalArgumentException("");
        }

        private static boolean bool(String text) {
            if (text.equalsIgnoreCase("true")) return true;
            if (text.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException("");
        }

        private static TlsProvider tlsProvider(String text) {
            for (TlsProvider p : TlsProvider.values()) {
                if (p.toString().equalsIgnoreCase(text)) return p;
            }
            throw new IllegalArgumentException("");
        }

        private static Transport transport(String text) {
            for (Transport t : Transport.values()) {
                if (t.toString().equalsIgnoreCase(text)) return t;
            }
            throw new IllegalArgumentException("");
        }
    }

    /** Reads a value; see {@link Form}. */
    interface Parser<T> {
        T parse(String text);
    }
}
