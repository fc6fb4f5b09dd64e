package dev.kiln.sample;

import static dev.kiln.sample.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.Kiln;
import dev.kiln.server.RunningServer;
import dev.kiln.server.Settings;
import java.io.IOException;
import java.io.Reader;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests in {@code deploy/k8s}: they parse, use the current API versions, and agree with the
 * sample app and with each other (probe paths it answers, a grace period longer than its drain, variables that are
 * settings, the autoscaler's metric the adapter's rule makes from a series the app exports).
 */
@Timeout(30)
class DeployManifestsTest {
    private static final Path K8S = Path.of("..", "deploy", "k8s");
    /** Helm values, not manifests: {@code kubectl apply -f deploy/k8s} does not read this folder. */
    private static final Path ADAPTER_VALUES = K8S.resolve("prometheus-adapter").resolve("values.yaml");
    /** The API version each kind is served at today; a kind not here fails until it is added knowingly. */
    private static final Map<String, String> CURRENT = Map.of(
            "Deployment", "apps/v1",
            "Service", "v1",
            "HorizontalPodAutoscaler", "autoscaling/v2",
            "PodDisruptionBudget", "policy/v1",
            "PodMonitor", "monitoring.coreos.com/v1");

    private static final Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
    private static Map<String, Object> adapterValues;

    @BeforeAll
    static void read() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            if (file.equals(ADAPTER_VALUES)) {
                adapterValues = map(load(file).get(0));
                continue;
            }
            for (Object doc : load(file)) {
                Map<String, Object> manifest = map(doc);
                String kind = (String) manifest.get("kind");
                assertEquals(CURRENT.get(kind), manifest.get("apiVersion"), file + ": " + kind);
                assertNotNull(str(manifest, "metadata", "name"), file + " names its object");
                assertEquals(null, byKind.put(kind, manifest), "one " + kind);
            }
        }
        assertNotNull(adapterValues, ADAPTER_VALUES + " is read");
    }

    private static List<Object> load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) docs.add(doc);
            }
            return docs;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertTrue(node instanceof Map, "a mapping: " + node);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertTrue(node instanceof List, "a list: " + node);
        return (List<Object>) node;
    }

    /** The node at {@code path} under {@code node}: keys of mappings, or indexes of lists as numbers. */
    private static Object at(Object node, Object... path) {
        for (Object step : path) {
            node = step instanceof Integer i ? list(node).get(i) : map(node).get(step);
            assertNotNull(node, "nothing at " + List.of(path));
        }
        return node;
    }

    private static String str(Object node, Object... path) {
        return String.valueOf(at(node, path));
    }

    private static Map<String, Object> deployment() {
        return byKind.get("Deployment");
    }

    private static Object container() {
        List<Object> containers = list(at(deployment(), "spec", "template", "spec", "containers"));
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    /** The container's variables that have values in the manifest; those from secrets map to null. */
    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(at(container(), "env"))) {
            Object value = map(e).get("value");
            env.put(str(e, "name"), value == null ? null : String.valueOf(value));
        }
        return env;
    }

    private static Map<String, Object> adapterRule() {
        List<Object> rules = list(at(adapterValues, "rules", "custom"));
        assertEquals(1, rules.size());
        return map(rules.get(0));
    }

    @Test
    void theManifestsAreTheKindsExpected() {
        assertEquals(new TreeSet<>(CURRENT.keySet()), new TreeSet<>(byKind.keySet()));
    }

    @Test
    void theGracePeriodCoversThePauseTheDrainAndTheShutdownTimeout() {
        Map<String, String> env = env();
        long pause = ((Number) at(container(), "lifecycle", "preStop", "sleep", "seconds")).longValue();
        Duration drain = Settings.parseDuration(env.get("KILN_DRAIN_DELAY"));
        Duration shutdown = Settings.parseDuration(env.get("KILN_SHUTDOWN_TIMEOUT"));
        long grace = ((Number) at(deployment(), "spec", "template", "spec", "terminationGracePeriodSeconds")).longValue();
        Duration stop = Duration.ofSeconds(pause).plus(drain).plus(shutdown);
        assertTrue(pause > 0, "a preStop pause");
        assertTrue(Duration.ofSeconds(grace).compareTo(stop.plusSeconds(5)) >= 0,
                "terminationGracePeriodSeconds " + grace + " leaves the JVM 5 s to exit after " + stop);
    }

    @Test
    void theVariablesAreSettingsThatParseOrTheSampleAppsOwn() {
        Map<String, String> env = env();
        Map<String, String> withValues = new LinkedHashMap<>(env);
        withValues.values().removeIf(v -> v == null);
        Settings settings = Settings.from(withValues, new Properties(), null)
                .allow(SampleApp.OWN_VARIABLES.toArray(new String[0]));
        Kiln.server(SampleApp.routes("t")).settings(settings); // throws, naming it, for a value that does not parse
        assertEquals(List.of(), settings.unknown(), "every KILN_ variable is a setting");
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() == null) {
                assertTrue(SampleApp.OWN_VARIABLES.contains(e.getKey()), e.getKey() + " from a secret is the app's own");
            }
        }
        assertEquals(false, at(deployment(), "spec", "template", "spec", "enableServiceLinks"),
                "no <SERVICE>_PORT variables, which a Service named kiln would turn into KILN_PORT");
    }

    @Test
    void theProbesAndTheScrapeAreAnsweredByTheSampleApp() throws IOException {
        Object container = container();
        Map<String, String> env = env();
        Object port = at(container, "ports", 0);
        assertEquals("http", str(port, "name"));
        String containerPort = str(port, "containerPort");
        assertEquals(containerPort, env.get("KILN_PORT"), "the app listens on the container's port");
        Map<String, Object> annotations = map(at(deployment(), "spec", "template", "metadata", "annotations"));
        assertEquals(containerPort, annotations.get("prometheus.io/port"));
        assertEquals("http", str(container, "readinessProbe", "httpGet", "port"));
        assertEquals("http", str(container, "livenessProbe", "httpGet", "port"));
        assertEquals("http", str(byKind.get("PodMonitor"), "spec", "podMetricsEndpoints", 0, "port"));
        String metricsPath = String.valueOf(annotations.get("prometheus.io/path"));
        assertEquals(metricsPath, str(byKind.get("PodMonitor"), "spec", "podMetricsEndpoints", 0, "path"));

        try (RunningServer server = SampleApp.start(0, "t"); RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.send(get(str(container, "readinessProbe", "httpGet", "path"))).read().status());
            assertEquals(200, c.send(get(str(container, "livenessProbe", "httpGet", "path"))).read().status());
            assertEquals(200, c.send(get("/plaintext")).read().status());
            RawClient.Response scrape = c.send(get(metricsPath)).read();
            assertEquals(200, scrape.status());
            // The series the adapter's rule selects is one the app exports, with a sample for the request above.
            String series = str(adapterRule(), "seriesQuery");
            String name = series.substring(0, series.indexOf('{'));
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*route=\"/plaintext\"[^}]*} 1(\\.0)?$")
                    .matcher(scrape.body()).find(), name + " in\n" + scrape.body());
        }
    }

    @Test
    void theAutoscalerScalesTheDeploymentOnTheAdaptersMetric() {
        Map<String, Object> hpa = byKind.get("HorizontalPodAutoscaler");
        assertEquals("apps/v1", str(hpa, "spec", "scaleTargetRef", "apiVersion"));
        assertEquals("Deployment", str(hpa, "spec", "scaleTargetRef", "kind"));
        assertEquals(str(deployment(), "metadata", "name"), str(hpa, "spec", "scaleTargetRef", "name"));
        assertEquals("Pods", str(hpa, "spec", "metrics", 0, "type"));
        Map<String, Object> rule = adapterRule();
        assertEquals(str(rule, "name", "as"), str(hpa, "spec", "metrics", 0, "pods", "metric", "name"));
        assertEquals("http_requests_per_second", str(rule, "name", "as"));
        String series = str(rule, "seriesQuery");
        assertTrue(series.startsWith("http_server_request_duration_seconds_count{"), series);
        assertTrue(series.contains("namespace!=\"\"") && series.contains("pod!=\"\""), series);
        assertTrue(Pattern.compile(str(rule, "name", "matches")).matcher(series.substring(0, series.indexOf('{'))).find(),
                "name.matches selects the series");
        assertEquals("sum(rate(<<.Series>>{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>)", str(rule, "metricsQuery"));
        assertEquals("pod", str(rule, "resources", "overrides", "pod", "resource"));
        assertEquals("namespace", str(rule, "resources", "overrides", "namespace", "resource"));
    }

    @Test
    void theSelectorsFindTheDeploymentsPods() {
        Map<String, Object> podLabels = map(at(deployment(), "spec", "template", "metadata", "labels"));
        List<Object> selectors = List.of(
                at(deployment(), "spec", "selector", "matchLabels"),
                at(byKind.get("Service"), "spec", "selector"),
                at(byKind.get("PodDisruptionBudget"), "spec", "selector", "matchLabels"),
                at(byKind.get("PodMonitor"), "spec", "selector", "matchLabels"));
        for (Object selector : selectors) {
            assertTrue(podLabels.entrySet().containsAll(map(selector).entrySet()), selector + " within " + podLabels);
        }
        Set<String> portNames = Set.of(str(container(), "ports", 0, "name"));
        assertTrue(portNames.contains(str(byKind.get("Service"), "spec", "ports", 0, "targetPort")),
                "the Service sends to a named port of the container");
    }
}
