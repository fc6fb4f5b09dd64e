package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.RouteInfo;
import dev.kiln.processor.tree.PathTemplate;
import dev.kiln.processor.tree.RouteTree;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the router: random route sets and random requests, answered by a deliberately naive
 * reference matcher written here, by {@link RouteTree#lookup} (the tree compiler's interpreter) and by the
 * router javac compiled from the generated source.
 *
 * <p>The reference shares no code with the processor: it splits template and path on '/', compares them
 * segment by segment, keeps every template that matches path and method, and picks the preferred one
 * (static before parameter before catch-all, position by position). The seed is printed first and in every
 * failure; rerun one with {@code -Drouter.seed=N}.
 */
class RouterDifferentialTest {
    private static final long SEED = Long.getLong("router.seed", new Random().nextLong());

    /** Route sets checked against the tree interpreter only: fast, no javac. */
    private static final int TREE_SETS = 5000;
    private static final int TREE_REQUESTS_PER_SET = 200;
    /** Route sets compiled with javac, each checked with many requests. */
    private static final int COMPILED_SETS = 60;
    private static final int COMPILED_REQUESTS_PER_SET = 2500;

    static {
        System.out.println("RouterDifferentialTest seed: " + SEED + " (reproduce with -Drouter.seed=" + SEED + ")");
    }

    // ---- the reference matcher ------------------------------------------------------------------------

    static final String[] METHOD_NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

    /** The method bits, written out here rather than taken from the runtime. */
    static int bitOf(String method) {
        for (int b = 0; b < METHOD_NAMES.length; b++) {
            if (METHOD_NAMES[b].equals(method)) return 1 << b;
        }
        return 0;
    }

    /** One route of a set; its id is its index in the set. */
    record Spec(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * What a router answered: the route id (-1 for none), the parameter offsets of the matched route (start
     * and end per parameter, in template order), and the allowed mask when nothing matched.
     */
    record Outcome(int id, int[] offsets, int allowed) {
        static Outcome none(int allowed) {
            return new Outcome(-1, new int[0], allowed);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && id == other.id && Arrays.equals(offsets, other.offsets)
                    && allowed == other.allowed;
        }

        @Override
        public int hashCode() {
            return id * 31 + Arrays.hashCode(offsets) + allowed;
        }

        String describe(String path, List<Spec> routes) {
            if (id < 0) return "no route, allowed=" + maskNames(allowed);
            StringBuilder sb = new StringBuilder("route " + id + " (" + routes.get(id) + ")");
            for (int k = 0; k + 1 < offsets.length; k += 2) {
                sb.append(" param").append(k / 2).append("=[").append(offsets[k]).append(',').append(offsets[k + 1]).append(")");
                if (offsets[k] >= 0 && offsets[k] <= offsets[k + 1] && offsets[k + 1] <= path.length()) {
                    sb.append("'").append(path, offsets[k], offsets[k + 1]).append("'");
                }
            }
            return sb.toString();
        }
    }

    static String maskNames(int mask) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < METHOD_NAMES.length; b++) if ((mask & (1 << b)) != 0) names.add(METHOD_NAMES[b]);
        return names.toString();
    }

    /** The naive matcher: every template against the path, then the best by the priority rule. */
    static final class Reference {
        /** Template text to its routes by method; a template's identity is its text. */
        private final Map<String, Map<String, Integer>> templates = new LinkedHashMap<>();

        Reference(List<Spec> routes) {
            for (int id = 0; id < routes.size(); id++) {
                Spec r = routes.get(id);
                Integer previous = templates.computeIfAbsent(r.path(), k -> new LinkedHashMap<>()).put(r.method(), id);
                if (previous != null) throw new IllegalArgumentException("duplicate route " + r);
            }
        }

        Outcome match(String method, String path) {
            if (!path.startsWith("/")) return Outcome.none(0);
            List<int[]> segments = new ArrayList<>();
            int start = 1;
            while (true) {
                int slash = path.indexOf('/', start);
                if (slash < 0) {
                    segments.add(new int[] {start, path.length()});
                    break;
                }
                segments.add(new int[] {start, slash});
                start = slash + 1;
            }
            int allowed = 0;
            int bestId = -1;
            int[] bestRank = null;
            int[] bestOffsets = null;
            String bestTemplate = null;
            for (Map.Entry<String, Map<String, Integer>> e : templates.entrySet()) {
                String[] parts = e.getKey().substring(1).split("/", -1);
                int[] rank = new int[parts.length];
                List<Integer> offsets = new ArrayList<>();
                if (!matches(parts, path, segments, rank, offsets)) continue;
                Map<String, Integer> byMethod = e.getValue();
                for (String m : byMethod.keySet()) allowed |= bitOf(m);
                Integer id = byMethod.get(method);
                if (id == null && method.equals("HEAD")) id = byMethod.get("GET");
                if (id == null) continue;
                int c = bestRank == null ? -1 : Arrays.compare(rank, bestRank);
                if (c == 0) {
                    throw new IllegalStateException("reference: " + e.getKey() + " and " + bestTemplate + " rank the same on " + path);
                }
                if (c < 0) {
                    bestId = id;
                    bestRank = rank;
                    bestOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
                    bestTemplate = e.getKey();
                }
            }
            return bestId >= 0 ? new Outcome(bestId, bestOffsets, 0) : Outcome.none(allowed);
        }

        /** Segment by segment: static equal, parameter non-empty, catch-all the rest from the slash before it. */
        private static boolean matches(String[] parts, String path, List<int[]> segments, int[] rank, List<Integer> offsets) {
            for (int k = 0; k < parts.length; k++) {
                String part = parts[k];
                if (k >= segments.size()) return false;
                int[] seg = segments.get(k);
                if (part.startsWith("*")) {
                    rank[k] = 2;
                    offsets.add(seg[0] - 1);
                    offsets.add(path.length());
                    return true;
                }
                if (part.startsWith(":")) {
                    if (seg[0] == seg[1]) return false;
                    rank[k] = 1;
                    offsets.add(seg[0]);
                    offsets.add(seg[1]);
                } else {
                    if (!path.substring(seg[0], seg[1]).equals(part)) return false;
                    rank[k] = 0;
                }
            }
            return parts.length == segments.size();
        }
    }

    // ---- the random generator ---------------------------------------------------------------------------

    /** Static words: a small alphabet with shared prefixes, so that near-misses are frequent. */
    private static final String[] WORDS = {"a", "b", "ab", "abc", "ba", "bab", "a-b", "a.b", "x~", "@", "a'b", "=", "$1",
        "v1", "user", "users", "new", "(x)", "a+b", ",;", "!&"};
    /** Parameter values as sent: words, escapes that must stay raw, dots, odd characters. */
    private static final String[] VALUES = {"a", "b", "ab", "abc", "ba", "new", "users", "42", "%41", "%2F", "a%2Fb",
        "%61", "%2f%2F", "A", ".", "..", "-", "x y", "a:b", "*", ":p0", "%", "é"};
    private static final String[] REST = {"", "a", "a/b", "a/", "/", "%2F", "ab/c/d", "//", "new", "users/%41"};
    private static final String[] METHOD_WEIGHTS = {"GET", "GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE",
        "PATCH", "OPTIONS"};
    private static final String[] QUERY_SUFFIXES = {"", "", "?q=1", "?a=/b/c", "/", "/x", "#f", "?"};

    static final class Generator {
        final Random rnd;

        Generator(long seed) {
            this.rnd = new Random(seed);
        }

        <T> T pick(T[] items) {
            return items[rnd.nextInt(items.length)];
        }

        <T> T pick(List<T> items) {
            return items.get(rnd.nextInt(items.size()));
        }

        /** A route set of about {@code size} routes, in random order; conflicts are possible and left in. */
        List<Spec> routeSet(int size) {
            List<String> templates = new ArrayList<>();
            int count = 1 + rnd.nextInt(Math.max(1, size / 2 + 1));
            while (templates.size() < count) {
                templates.add(!templates.isEmpty() && rnd.nextInt(100) < 45 ? extend(pick(templates)) : template(new ArrayList<>()));
            }
            List<Spec> routes = new ArrayList<>();
            for (String t : templates) {
                int methods = 1 + (rnd.nextInt(100) < 40 ? 1 : 0) + (rnd.nextInt(100) < 12 ? 1 : 0);
                for (int k = 0; k < methods; k++) routes.add(new Spec(pick(METHOD_WEIGHTS), t));
            }
            Collections.shuffle(routes, rnd);
            return routes;
        }

        /** A template sharing the first segments of {@code base}. */
        String extend(String base) {
            List<String> parts = new ArrayList<>(List.of(base.substring(1).split("/", -1)));
            if (!parts.isEmpty() && (parts.get(parts.size() - 1).isEmpty() || parts.get(parts.size() - 1).startsWith("*"))) {
                parts.remove(parts.size() - 1);
            }
            int keep = parts.isEmpty() ? 0 : rnd.nextInt(parts.size() + 1);
            return template(new ArrayList<>(parts.subList(0, keep)));
        }

        /** Completes the segments {@code parts} into a template: 0 to 4 segments in all, maybe a trailing slash. */
        String template(List<String> parts) {
            int total = Math.max(parts.size(), rnd.nextInt(100) < 6 ? 0 : 1 + rnd.nextInt(4));
            while (parts.size() < total) {
                int k = parts.size();
                boolean last = k == total - 1;
                int r = rnd.nextInt(100);
                if (last && r < 12) {
                    parts.add("*" + (rnd.nextInt(100) < 92 ? "r" : "s") + k);
                } else if (r < 40) {
                    parts.add(":" + (rnd.nextInt(100) < 92 ? "p" : "q") + k);
                } else {
                    parts.add(pick(WORDS));
                }
            }
            String t = "/" + String.join("/", parts);
            boolean endsInCatchAll = !parts.isEmpty() && parts.get(parts.size() - 1).startsWith("*");
            if (!parts.isEmpty() && !endsInCatchAll && rnd.nextInt(100) < 18) t += "/";
            return t;
        }

        String method() {
            int r = rnd.nextInt(100);
            if (r < 3) return "TRACE"; // no route can have it
            if (r < 20) return "HEAD";
            return r < 50 ? "GET" : pick(METHOD_NAMES);
        }

        /** A request path: mostly a route's template filled in, then mangled into near-misses. */
        String path(List<Spec> routes) {
            String path = rnd.nextInt(100) < 80 ? fill(pick(routes).path()) : randomPath();
            int mutations = rnd.nextInt(100) < 45 ? 1 + rnd.nextInt(2) : 0;
            for (int k = 0; k < mutations; k++) path = mutate(path);
            return path;
        }

        String fill(String template) {
            String[] parts = template.substring(1).split("/", -1);
            StringBuilder sb = new StringBuilder();
            for (String part : parts) {
                sb.append('/');
                if (part.startsWith(":")) {
                    sb.append(rnd.nextBoolean() ? pick(VALUES) : pick(WORDS));
                } else if (part.startsWith("*")) {
                    sb.append(pick(REST));
                } else {
                    sb.append(part);
                }
            }
            return sb.toString();
        }

        String randomPath() {
            int n = rnd.nextInt(4);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < n; k++) sb.append('/').append(rnd.nextInt(4) == 0 ? pick(VALUES) : pick(WORDS));
            if (n == 0 || rnd.nextInt(5) == 0) sb.append('/');
            return sb.toString();
        }

        String mutate(String path) {
            switch (rnd.nextInt(11)) {
                case 0: // toggle a trailing slash
                    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
                case 1: { // drop the last segment
                    int slash = path.lastIndexOf('/');
                    return slash <= 0 ? path : path.substring(0, slash);
                }
                case 2: // one segment more
                    return path + "/" + pick(WORDS);
                case 3: { // an empty segment
                    int slash = slashAt(path);
                    return slash < 0 ? path : path.substring(0, slash) + "/" + path.substring(slash);
                }
                case 4: // a prefix: half a static word
                    return path.isEmpty() ? path : path.substring(0, 1 + rnd.nextInt(path.length()));
                case 5: // a character more
                    return path + pick(new String[] {"a", "b", "c", "%", "-", "/"});
                case 6: { // a character percent-encoded: never the same as the character when matching
                    int at = nonSlashAt(path);
                    return at < 0 ? path : path.substring(0, at) + String.format("%%%02X", (int) path.charAt(at)) + path.substring(at + 1);
                }
                case 7: { // a segment replaced
                    int slash = slashAt(path);
                    if (slash < 0) return path;
                    int next = path.indexOf('/', slash + 1);
                    return path.substring(0, slash + 1) + pick(rnd.nextBoolean() ? WORDS : VALUES) + (next < 0 ? "" : path.substring(next));
                }
                case 8: // a %2F where a slash was
                    return path.length() > 1 ? path.charAt(0) + path.substring(1).replaceFirst("/", "%2F") : path;
                case 9: { // a character less
                    if (path.isEmpty()) return path;
                    int at = rnd.nextInt(path.length());
                    return path.substring(0, at) + path.substring(at + 1);
                }
                default: // upper case
                    return path.toUpperCase(java.util.Locale.ROOT);
            }
        }

        private int slashAt(String path) {
            List<Integer> slashes = new ArrayList<>();
            for (int k = 0; k < path.length(); k++) if (path.charAt(k) == '/') slashes.add(k);
            return slashes.isEmpty() ? -1 : pick(slashes);
        }

        private int nonSlashAt(String path) {
            List<Integer> chars = new ArrayList<>();
            for (int k = 0; k < path.length(); k++) if (path.charAt(k) != '/') chars.add(k);
            return chars.isEmpty() ? -1 : pick(chars);
        }
    }

    // ---- the routers under test -----------------------------------------------------------------------

    /** The routes of {@code specs} that the tree accepts, in order: the processor reports the others as errors. */
    static List<Spec> withoutConflicts(List<Spec> specs) {
        RouteTree tree = RouteTree.build(treeRoutes(specs));
        Set<Integer> rejected = new HashSet<>();
        for (RouteTree.Conflict c : tree.conflicts()) rejected.add(c.route().id());
        List<Spec> kept = new ArrayList<>();
        for (int id = 0; id < specs.size(); id++) if (!rejected.contains(id)) kept.add(specs.get(id));
        return kept;
    }

    static List<RouteTree.Route> treeRoutes(List<Spec> specs) {
        List<RouteTree.Route> routes = new ArrayList<>();
        for (int id = 0; id < specs.size(); id++) {
            try {
                routes.add(new RouteTree.Route(id, specs.get(id).method(), PathTemplate.parse(specs.get(id).path())));
            } catch (PathTemplate.SyntaxError e) {
                throw new AssertionError("generator wrote an invalid template " + specs.get(id) + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }

    static Outcome viaTree(RouteTree tree, String method, String path, int params) {
        RouteTree.Match m = tree.lookup(method, path);
        if (m.route() == null) {
            int mask = 0;
            for (String allowed : m.allowed()) mask |= bitOf(allowed);
            return Outcome.none(mask);
        }
        return new Outcome(m.route().id(), Arrays.copyOf(m.offsets(), 2 * params), 0);
    }

    static Outcome viaGenerated(Routes routes, PathMatch match, String method, String path, String suffix, int params) {
        // Stale values a lookup must not leave behind: no allowed bits, offsets no path has.
        match.allowed = 0;
        Arrays.fill(match.offsets, -7);
        int id = routes.lookup(Methods.bit(method), path + suffix, path.length(), match);
        if (id < 0) return Outcome.none(match.allowed);
        return new Outcome(id, Arrays.copyOf(match.offsets, 2 * params), 0);
    }

    static int paramCount(Spec route) {
        int n = 0;
        for (String part : route.path().substring(1).split("/", -1)) if (part.startsWith(":") || part.startsWith("*")) n++;
        return n;
    }

    static int paramCount(List<Spec> routes, Outcome expected) {
        return expected.id() < 0 ? 0 : paramCount(routes.get(expected.id()));
    }

    static String describeSet(List<Spec> routes) {
        StringBuilder sb = new StringBuilder();
        for (int id = 0; id < routes.size(); id++) sb.append("\n    ").append(id).append(": ").append(routes.get(id));
        return sb.toString();
    }

    // ---- the tests ------------------------------------------------------------------------------------------

    /** Hand-checked answers, so that the reference itself is known to follow the README's rules. */
    @Test
    void referenceFollowsTheDocumentedRules() {
        List<Spec> routes = List.of(
                new Spec("GET", "/users/new"), new Spec("GET", "/users/:id"), new Spec("DELETE", "/users/:id"),
                new Spec("GET", "/static/*fp"), new Spec("HEAD", "/users/new"), new Spec("POST", "/files/index"),
                new Spec("GET", "/files/*path"), new Spec("PUT", "/"));
        Reference ref = new Reference(routes);
        assertEquals(new Outcome(0, new int[0], 0), ref.match("GET", "/users/new"));
        assertEquals(new Outcome(1, new int[] {7, 11}, 0), ref.match("GET", "/users/new2"));
        assertEquals(new Outcome(1, new int[] {7, 10}, 0), ref.match("HEAD", "/users/abc"), "HEAD falls back to GET");
        assertEquals(new Outcome(4, new int[0], 0), ref.match("HEAD", "/users/new"), "HEAD route of the template wins");
        assertEquals(new Outcome(2, new int[] {7, 10}, 0), ref.match("DELETE", "/users/new"), "static does not take DELETE");
        assertEquals(Outcome.none(bitOf("GET") | bitOf("HEAD") | bitOf("DELETE")), ref.match("POST", "/users/new"),
                "allowed covers every template the path matches");
        assertEquals(Outcome.none(bitOf("GET") | bitOf("DELETE")), ref.match("PUT", "/users/%41"));
        assertEquals(Outcome.none(0), ref.match("GET", "/users/"), "a parameter is never empty");
        assertEquals(Outcome.none(0), ref.match("GET", "/users/a%2Fb/c"));
        assertEquals(new Outcome(1, new int[] {7, 12}, 0), ref.match("GET", "/users/a%2Fb"), "%2F does not split");
        assertEquals(new Outcome(3, new int[] {7, 9}, 0), ref.match("GET", "/static/a"), "catch-all value starts at its slash");
        assertEquals(new Outcome(3, new int[] {7, 8}, 0), ref.match("GET", "/static/"));
        assertEquals(Outcome.none(0), ref.match("GET", "/static"));
        assertEquals(new Outcome(6, new int[] {6, 12}, 0), ref.match("GET", "/files/index"), "static loses on method");
        assertEquals(Outcome.none(bitOf("POST") | bitOf("GET")), ref.match("PUT", "/files/index"));
        assertEquals(new Outcome(7, new int[0], 0), ref.match("PUT", "/"));
        assertEquals(Outcome.none(0), ref.match("PUT", "//"));
    }

    /** The same hand-checked answers from the tree interpreter: the reference and the tree agree on the basics. */
    @Test
    void treeInterpreterGivesTheDocumentedAnswers() {
        List<Spec> routes = List.of(
                new Spec("GET", "/users/new"), new Spec("GET", "/users/:id"), new Spec("DELETE", "/users/:id"),
                new Spec("GET", "/static/*fp"), new Spec("HEAD", "/users/new"), new Spec("POST", "/files/index"),
                new Spec("GET", "/files/*path"), new Spec("PUT", "/"));
        RouteTree tree = RouteTree.build(treeRoutes(routes));
        assertTrue(tree.conflicts().isEmpty(), () -> tree.conflicts().toString());
        assertEquals(new Outcome(1, new int[] {7, 11}, 0), viaTree(tree, "GET", "/users/new2", 1));
        assertEquals(new Outcome(3, new int[] {7, 9}, 0), viaTree(tree, "GET", "/static/a", 1));
        assertEquals(new Outcome(2, new int[] {7, 10}, 0), viaTree(tree, "DELETE", "/users/new", 1));
        assertEquals(new Outcome(6, new int[] {6, 12}, 0), viaTree(tree, "HEAD", "/files/index", 1));
        assertEquals(Outcome.none(bitOf("GET") | bitOf("DELETE")), viaTree(tree, "PUT", "/users/%41", 0));
    }

    @Test
    void treeInterpreterAgreesWithReferenceOnRandomRouteSets() {
        Random seeds = new Random(SEED);
        long requests = 0;
        for (int set = 0; set < TREE_SETS; set++) {
            long setSeed = seeds.nextLong();
            Generator gen = new Generator(setSeed);
            List<Spec> routes = withoutConflicts(gen.routeSet(2 + gen.rnd.nextInt(24)));
            RouteTree tree = RouteTree.build(treeRoutes(routes));
            assertTrue(tree.conflicts().isEmpty(), () -> "seed " + SEED + ": conflicts remain " + tree.conflicts());
            Reference ref = new Reference(routes);
            for (int k = 0; k < TREE_REQUESTS_PER_SET; k++) {
                String method = gen.method();
                String path = gen.path(routes);
                Outcome expected = ref.match(method, path);
                Outcome actual = viaTree(tree, method, path, paramCount(routes, expected));
                if (!expected.equals(actual)) {
                    List<Spec> small = shrink(routes, method, path);
                    fail("RouteTree.lookup disagrees with the reference (seed " + SEED + ", set " + set + ", request " + k
                            + "; rerun with -Drouter.seed=" + SEED + ")\n  request: " + method + " '" + path + "'"
                            + "\n  expected: " + expected.describe(path, routes) + "\n  actual:   " + actual.describe(path, routes)
                            + "\n  routes:" + describeSet(routes)
                            + "\n  smallest failing subset (ids renumbered):" + describeSet(small)
                            + "\n    expected: " + new Reference(small).match(method, path).describe(path, small)
                            + "\n    actual:   " + lookupIn(small, method, path).describe(path, small));
                }
                requests++;
            }
        }
        System.out.println("RouterDifferentialTest: " + TREE_SETS + " route sets, " + requests + " requests through RouteTree.lookup");
    }

    @Test
    void generatedRouterAgreesWithReferenceOnRandomRouteSets() {
        Random seeds = new Random(SEED ^ 0x5DEECE66DL);
        long requests = 0;
        long started = System.nanoTime();
        for (int set = 0; set < COMPILED_SETS; set++) {
            Generator gen = new Generator(seeds.nextLong());
            List<Spec> routes = withoutConflicts(gen.routeSet(6 + gen.rnd.nextInt(34)));
            String context = "seed " + SEED + ", compiled set " + set;
            String rerun = "; rerun with -Drouter.seed=" + SEED;
            CompiledApp app;
            try {
                app = CompiledApp.compile(sources(routes));
            } catch (AssertionError e) {
                throw new AssertionError(context + rerun + ": the route set did not compile:" + describeSet(routes), e);
            }
            Routes generated = app.routes("app.AppRoutes");
            checkRouteTable(generated, routes, context);
            RouteTree tree = RouteTree.build(treeRoutes(routes));
            Reference ref = new Reference(routes);
            PathMatch match = new PathMatch(generated.maxParams());
            for (int k = 0; k < COMPILED_REQUESTS_PER_SET; k++) {
                String method = gen.method();
                String path = gen.path(routes);
                String suffix = gen.pick(QUERY_SUFFIXES);
                Outcome expected = ref.match(method, path);
                int params = paramCount(routes, expected);
                Outcome actual = viaGenerated(generated, match, method, path, suffix, params);
                Outcome interpreted = viaTree(tree, method, path, params);
                if (!expected.equals(actual) || !expected.equals(interpreted)) {
                    fail("generated router disagrees (" + context + ", request " + k + rerun + ")"
                            + "\n  request: " + method + " '" + path + "' (end=" + path.length() + " in '" + path + suffix + "')"
                            + "\n  reference:        " + expected.describe(path, routes)
                            + "\n  generated router: " + actual.describe(path, routes)
                            + "\n  RouteTree.lookup: " + interpreted.describe(path, routes)
                            + "\n  routes:" + describeSet(routes));
                }
                requests++;
            }
            // Every route is reached by a path built from its own template, with its own method.
            for (int id = 0; id < routes.size(); id++) {
                Spec route = routes.get(id);
                String path = gen.fill(route.path());
                Outcome expected = ref.match(route.method(), path);
                Outcome actual = viaGenerated(generated, match, route.method(), path, "", paramCount(routes, expected));
                assertEquals(expected, actual, () -> context + rerun + ": " + route + " on '" + path + "'" + describeSet(routes));
                requests++;
            }
        }
        System.out.printf("RouterDifferentialTest: %d compiled route sets, %d requests through the generated router in %d ms%n",
                COMPILED_SETS, requests, (System.nanoTime() - started) / 1_000_000);
    }

    /** The generated route table lists the routes in source order, so its indexes are the reference's ids. */
    private static void checkRouteTable(Routes generated, List<Spec> routes, String context) {
        List<RouteInfo> infos = generated.routes();
        assertEquals(routes.size(), infos.size(), context);
        int maxParams = 0;
        for (int id = 0; id < routes.size(); id++) {
            assertEquals(routes.get(id).method(), infos.get(id).method(), context);
            assertEquals(routes.get(id).path(), infos.get(id).path(), context);
            maxParams = Math.max(maxParams, paramCount(routes.get(id)));
        }
        assertEquals(maxParams, generated.maxParams(), context);
    }

    private static Outcome lookupIn(List<Spec> routes, String method, String path) {
        Outcome expected = new Reference(routes).match(method, path);
        return viaTree(RouteTree.build(treeRoutes(routes)), method, path, paramCount(routes, expected));
    }

    /** The failing route set with every route removed whose removal keeps the disagreement. */
    private static List<Spec> shrink(List<Spec> routes, String method, String path) {
        List<Spec> current = new ArrayList<>(routes);
        boolean removed = true;
        while (removed) {
            removed = false;
            for (int k = current.size() - 1; k >= 0; k--) {
                List<Spec> fewer = new ArrayList<>(current);
                fewer.remove(k);
                fewer = withoutConflicts(fewer);
                if (fewer.isEmpty()) continue;
                if (!new Reference(fewer).match(method, path).equals(lookupIn(fewer, method, path))) {
                    current = fewer;
                    removed = true;
                    break;
                }
            }
        }
        return current;
    }

    /** The application and one controller with a handler per route, in route order, each taking Context. */
    static List<JavaFileObject> sources(List<Spec> routes) {
        StringBuilder api = new StringBuilder();
        api.append("package app;\n")
                .append("import dev.kiln.Context;\n")
                .append("import dev.kiln.annotation.*;\n")
                .append("@Controller\n")
                .append("public final class Api {\n");
        for (int id = 0; id < routes.size(); id++) {
            Spec r = routes.get(id);
            String annotation = CompiledApp.annotation(r.method());
            api.append("    @").append(annotation).append("(\"").append(r.path()).append("\") public void r").append(id)
                    .append("(Context ctx) {}\n");
        }
        api.append("}\n");
        return List.of(
                CompiledApp.source("app.App", "package app;", "import dev.kiln.annotation.KilnApplication;",
                        "@KilnApplication", "public final class App {}"),
                CompiledApp.source("app.Api", api.toString()));
    }
}
