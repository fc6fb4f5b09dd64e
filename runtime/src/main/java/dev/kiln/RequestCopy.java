package dev.kiln;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one request, for work that outlives it: what {@link Context#copy()} returns.
 *
 * <p>Gin's rule holds in Kiln: a goroutine (here, another thread, a queue, a callback that runs later) must not
 * use the request's context, because the context is pooled and will serve another request. It takes a copy,
 * which owns its values, is never recycled, and may be read from any thread at any time.
 */
public final class RequestCopy {
    private final String method;
    private final String path;
    private final RouteInfo route;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final Map<String, Object> attributes;

    /**
     * A copy of these values, which it takes over: the server makes one in {@link Context#copy()}, and a test may
     * make one directly.
     *
     * @param method     the request method, such as {@code "GET"}
     * @param path       the raw path as sent, without the query
     * @param route      the matched route, or null
     * @param params     path parameters by name, in template order
     * @param query      query parameters by name, each with its values in request order
     * @param headers    the request headers (a copy the caller no longer changes)
     * @param body       the request body (an array the caller no longer changes)
     * @param attributes the values middleware stored with {@link Context#set}
     */
    public RequestCopy(String method, String path, RouteInfo route, Map<String, String> params,
                       Map<String, List<String>> query, HttpHeaders headers, byte[] body, Map<String, Object> attributes) {
        this.method = method;
        this.path = path;
        this.route = route;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Map<String, List<String>> values = new LinkedHashMap<>();
        query.forEach((name, list) -> values.put(name, List.copyOf(list)));
        this.query = Collections.unmodifiableMap(values);
        this.headers = headers;
        this.body = body;
        this.attributes = attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new HashMap<>(attributes));
    }

    /** The request method, such as {@code "GET"}. */
    public String method() {
        return method;
    }

    /** The raw request path as sent, without the query. */
    public String path() {
        return path;
    }

    /** The matched route. */
    public RouteInfo route() {
        return route;
    }

    /** The path parameter {@code name}, percent-decoded; null when the route has none of that name. */
    public String param(String name) {
        return params.get(name);
    }

    /** Every path parameter by name, in template order. */
    public Map<String, String> params() {
        return params;
    }

    /** The first value of query parameter {@code name}, decoded; null when absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name}, in request order; empty when absent. */
    public List<String> queries(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The first value of request header {@code name} (case-insensitive); null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Every value of request header {@code name}, in request order; empty when absent. */
    public List<String> headers(String name) {
        return List.copyOf(headers.getAll(name));
    }

    /** The request body, a fresh copy per call; empty when there was none. */
    public byte[] body() {
        return body.clone();
    }

    /** The request body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A value middleware stored with {@link Context#set} before the copy was taken, or null. */
    public Object get(String key) {
        return attributes.get(key);
    }

    @Override
    public String toString() {
        return method + " " + path + (route == null ? "" : " (" + route + ")");
    }
}
