package dev.kiln.server;

import java.util.Map;

/**
 * The server's own endpoints by path, looked up before routing. A handful at most (health, metrics), so a scan
 * that compares lengths first is quicker than any map: a request for a route usually differs in length from all of
 * them, and costs one comparison each.
 */
final class Endpoints {
    private final String[] paths;
    private final Endpoint[] endpoints;

    Endpoints(Map<String, Endpoint> byPath) {
        this.paths = byPath.keySet().toArray(new String[0]);
        this.endpoints = byPath.values().toArray(new Endpoint[0]);
    }

    /** The endpoint whose path is {@code uri[0, end)}, or null. */
    Endpoint find(String uri, int end) {
        for (int k = 0; k < paths.length; k++) {
            String p = paths[k];
            if (p.length() == end && uri.startsWith(p)) return endpoints[k];
        }
        return null;
    }

    /**
     * What is wrong with a server endpoint's path, or null when nothing is: it must be absolute, with no query,
     * fragment or escape, and no empty or dot segment, so that it can be compared with a request's raw path as it is.
     */
    static String check(String path) {
        if (path == null || !path.startsWith("/")) return "must start with '/'";
        for (int k = 0; k < path.length(); k++) {
            char c = path.charAt(k);
            if (c == '?' || c == '#' || c == '%' || c <= ' ' || c >= 0x7f) {
                return "must not contain '" + (c <= ' ' || c >= 0x7f ? String.format("\\u%04x", (int) c) : c) + "'";
            }
        }
        if (path.length() > 1 && (path.contains("//") || path.endsWith("/"))) return "must not have an empty segment";
        if (path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
            return "must not have a dot segment";
        }
        return null;
    }
}
