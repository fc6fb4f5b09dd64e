package dev.kiln.processor.tree;

import dev.kiln.processor.diag.Problem;
import dev.kiln.processor.tree.PathTemplate.CatchAll;
import dev.kiln.processor.tree.PathTemplate.Param;
import dev.kiln.processor.tree.PathTemplate.Piece;
import dev.kiln.processor.tree.PathTemplate.Static;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The radix tree of an application's routes, built at compile time and checked for ambiguity.
 *
 * <p>Edges are compressed runs of static characters, as in Gin's {@code tree.go}; a node may also have one
 * parameter child ({@code :name}, one non-empty segment) and one catch-all child ({@code *name}, the rest).
 * Lookup prefers static over parameter over catch-all at each node and backtracks when a preferred branch
 * fails further down, so {@code /users/new} and {@code /users/:id} live side by side.
 *
 * <p>Knows nothing of javac: routes come in as {@link Route} values and problems go out as
 * {@link Conflict} values, so the tree can be tested and benchmarked on its own. {@link #lookup} interprets
 * the tree exactly as the generated router's code does.
 */
public final class RouteTree {

    /**
     * One route as the tree sees it.
     *
     * @param id       the route's index in the application, as the generated router returns it
     * @param method   the HTTP method, such as {@code "GET"}
     * @param template the parsed path
     */
    public record Route(int id, String method, PathTemplate template) {}

    /**
     * Why {@code route} cannot join the tree: it clashes with the {@code existing} route.
     *
     * @param problem which clash it is, such as {@link Problem#DUPLICATE_ROUTE}
     * @param message what is wrong and how to fix it
     */
    public record Conflict(Problem problem, Route route, Route existing, String message) {}

    /** A node: the static run that leads to it, then its children and the routes that end here. */
    public static final class Node {
        String prefix;
        final List<Node> statics = new ArrayList<>();
        Node param;
        String paramName;
        Route paramOwner;
        Node catchAll;
        String catchAllName;
        Route catchAllOwner;
        /** The number of parameters on the way to this node: where its parameter's offsets go. */
        int depth;
        final Map<String, Route> routes = new LinkedHashMap<>();

        Node(String prefix, int depth) {
            this.prefix = prefix;
            this.depth = depth;
        }

        public String prefix() { return prefix; }
        public List<Node> statics() { return statics; }
        public Node param() { return param; }
        public String paramName() { return paramName; }
        public Node catchAll() { return catchAll; }
        public String catchAllName() { return catchAllName; }
        public int depth() { return depth; }
        /** Routes that end at this node, by method, in declaration order. */
        public Map<String, Route> routes() { return routes; }
    }

    private final Node root = new Node("", 0);
    private final List<Conflict> conflicts = new ArrayList<>();
    private int maxParams;

    /** Builds the tree of these routes in order; a route that clashes with an earlier one is left out. */
    public static RouteTree build(List<Route> routes) {
        RouteTree tree = new RouteTree();
        for (Route route : routes) {
            tree.insert(route);
        }
        return tree;
    }

    public Node root() {
        return root;
    }

    /** The clashes found while building, each on the later of the two routes. */
    public List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /** The most parameters any route has. */
    public int maxParams() {
        return maxParams;
    }

    private void insert(Route route) {
        List<Piece> pieces = route.template().pieces();
        // Check the whole path first, so a rejected route leaves no half-built branch behind.
        Conflict conflict = check(route);
        if (conflict != null) {
            conflicts.add(conflict);
            return;
        }
        Node node = root;
        int depth = 0;
        for (Piece piece : pieces) {
            if (piece instanceof Static s) {
                node = insertStatic(node, s.text());
            } else if (piece instanceof Param p) {
                if (node.param == null) {
                    node.param = new Node("", depth + 1);
                    node.paramName = p.name();
                    node.paramOwner = route;
                }
                node = node.param;
                depth++;
            } else if (piece instanceof CatchAll c) {
                if (node.catchAll == null) {
                    node.catchAll = new Node("", depth + 1);
                    node.catchAllName = c.name();
                    node.catchAllOwner = route;
                }
                node = node.catchAll;
                depth++;
            }
        }
        node.routes.put(route.method(), route);
        maxParams = Math.max(maxParams, depth);
    }

    /** Walks the route's path through the tree as it stands and reports the first clash, or null. */
    private Conflict check(Route route) {
        Node node = root;
        List<Piece> pieces = route.template().pieces();
        for (Piece piece : pieces) {
            if (piece instanceof Static s) {
                node = walkStatic(node, s.text());
                if (node == null) return null; // new static branch: nothing below it can clash
            } else if (piece instanceof Param p) {
                if (node.catchAll != null) {
                    return catchAllBesideParam(route, node.catchAllOwner, ":" + p.name(), "*" + node.catchAllName);
                }
                if (node.param == null) return null;
                if (!node.paramName.equals(p.name())) {
                    return paramNames(route, node.paramOwner, p.name(), node.paramName);
                }
                node = node.param;
            } else if (piece instanceof CatchAll c) {
                if (node.param != null) {
                    return catchAllBesideParam(route, node.paramOwner, "*" + c.name(), ":" + node.paramName);
                }
                if (node.catchAll == null) return null;
                if (!node.catchAllName.equals(c.name())) {
                    return paramNames(route, node.catchAllOwner, c.name(), node.catchAllName);
                }
                node = node.catchAll;
            }
        }
        Route existing = node.routes.get(route.method());
        if (existing != null) {
            return new Conflict(Problem.DUPLICATE_ROUTE, route, existing, route.method() + " " + route.template().path()
                    + " is routed twice. Remove one of the handlers, or change one of the paths.");
        }
        return null;
    }

    private static Conflict paramNames(Route route, Route existing, String name, String existingName) {
        return new Conflict(Problem.PARAM_NAME_CONFLICT, route, existing, "Path '" + route.template().path() + "' names a parameter '"
                + name + "' where '" + existing.template().path() + "' names it '" + existingName
                + "'. Parameters at the same position must have the same name: rename one of them.");
    }

    private static Conflict catchAllBesideParam(Route route, Route existing, String mine, String theirs) {
        return new Conflict(Problem.CATCH_ALL_CONFLICT, route, existing, "Path '" + route.template().path() + "' has '" + mine
                + "' where '" + existing.template().path() + "' has '" + theirs
                + "', so which one takes a single segment is ambiguous. Give one of them a static segment first.");
    }

    /** The node reached by matching {@code text} from {@code node} along existing edges, or null where it leaves them. */
    private static Node walkStatic(Node node, String text) {
        int i = 0;
        while (i < text.length()) {
            Node child = staticChild(node, text.charAt(i));
            if (child == null) return null;
            int common = commonPrefix(child.prefix, text, i);
            if (common < child.prefix.length()) return null;
            i += common;
            node = child;
        }
        return node;
    }

    private static Node insertStatic(Node node, String text) {
        int i = 0;
        while (i < text.length()) {
            Node child = staticChild(node, text.charAt(i));
            if (child == null) {
                Node leaf = new Node(text.substring(i), node.depth);
                addSorted(node.statics, leaf);
                return leaf;
            }
            int common = commonPrefix(child.prefix, text, i);
            if (common < child.prefix.length()) {
                split(child, common);
            }
            i += common;
            node = child;
        }
        return node;
    }

    /** Splits {@code node} after {@code at} characters: it keeps the head, a new child takes the tail and all it held. */
    private static void split(Node node, int at) {
        Node tail = new Node(node.prefix.substring(at), node.depth);
        tail.statics.addAll(node.statics);
        tail.param = node.param;
        tail.paramName = node.paramName;
        tail.paramOwner = node.paramOwner;
        tail.catchAll = node.catchAll;
        tail.catchAllName = node.catchAllName;
        tail.catchAllOwner = node.catchAllOwner;
        tail.routes.putAll(node.routes);
        node.prefix = node.prefix.substring(0, at);
        node.statics.clear();
        node.statics.add(tail);
        node.param = null;
        node.paramName = null;
        node.paramOwner = null;
        node.catchAll = null;
        node.catchAllName = null;
        node.catchAllOwner = null;
        node.routes.clear();
    }

    private static Node staticChild(Node node, char first) {
        for (Node child : node.statics) {
            if (child.prefix.charAt(0) == first) return child;
        }
        return null;
    }

    private static void addSorted(List<Node> statics, Node child) {
        int at = 0;
        while (at < statics.size() && statics.get(at).prefix.charAt(0) < child.prefix.charAt(0)) at++;
        statics.add(at, child);
    }

    private static int commonPrefix(String prefix, String text, int from) {
        int n = Math.min(prefix.length(), text.length() - from);
        int k = 0;
        while (k < n && prefix.charAt(k) == text.charAt(from + k)) k++;
        return k;
    }

    // ---- lookup: the generated router's algorithm, interpreted ---------------------------------------------

    /**
     * What a lookup found.
     *
     * @param route   the matched route, or null
     * @param offsets parameter start/end pairs into the path, for the matched route
     * @param allowed the methods of every route whose path matched (when none matched the method)
     */
    public record Match(Route route, int[] offsets, List<String> allowed) {}

    /**
     * Looks up {@code path} for {@code method} the way the generated router does: static before parameter
     * before catch-all, backtracking; a method takes the route of its {@link HttpMethod#fallback} where none of
     * its own ends at the same node (a {@code HEAD} request, a {@code GET} route).
     */
    public Match lookup(String method, String path) {
        int[] offsets = new int[2 * Math.max(1, maxParams)];
        List<String> allowed = new ArrayList<>();
        Route found = walk(root, method, path, 0, offsets, allowed);
        return new Match(found, offsets, found == null ? List.copyOf(allowed) : List.of());
    }

    private static Route walk(Node node, String method, String p, int i, int[] offsets, List<String> allowed) {
        if (!p.startsWith(node.prefix, i)) return null;
        i += node.prefix.length();
        if (i == p.length()) {
            Route r = routeFor(node, method);
            if (r != null) return r;
            for (String m : node.routes.keySet()) if (!allowed.contains(m)) allowed.add(m);
        } else {
            Node child = staticChild(node, p.charAt(i));
            if (child != null) {
                Route r = walk(child, method, p, i, offsets, allowed);
                if (r != null) return r;
            }
            if (node.param != null) {
                int j = i;
                while (j < p.length() && p.charAt(j) != '/') j++;
                if (j > i) {
                    Route r = walk(node.param, method, p, j, offsets, allowed);
                    if (r != null) {
                        offsets[2 * node.depth] = i;
                        offsets[2 * node.depth + 1] = j;
                        return r;
                    }
                }
            }
        }
        if (node.catchAll != null) {
            Route r = routeFor(node.catchAll, method);
            if (r != null) {
                offsets[2 * node.depth] = i - 1;
                offsets[2 * node.depth + 1] = p.length();
                return r;
            }
            for (String m : node.catchAll.routes.keySet()) if (!allowed.contains(m)) allowed.add(m);
        }
        return null;
    }

    /** The route for {@code method} at {@code node}: its own, or that of the method it falls back to. */
    private static Route routeFor(Node node, String method) {
        Route r = node.routes.get(method);
        HttpMethod m = HttpMethod.of(method);
        if (r == null && m != null && m.fallback() != null) r = node.routes.get(m.fallback().name());
        return r;
    }
}
