package dev.kiln;

import io.netty.handler.codec.http.DefaultHttpHeaders;
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

    RequestCopy(Context ctx) {
        this.method = ctx.method();
        this.path = ctx.path();
        this.route = ctx.route();
        Map<String, String> params = new LinkedHashMap<>();
        if (route != null) {
            for (int k = 0; k < route.paramCount(); k++) params.put(route.params().get(k), ctx.param(k));
        }
        this.params = Collections.unmodifiableMap(params);
        Map<String, List<String>> query = new LinkedHashMap<>();
        ctx.queryParams().forEach((name, values) -> query.put(name, List.copyOf(values)));
        this.query = Collections.unmodifiableMap(query);
        this.headers = ctx.request == null ? new DefaultHttpHeaders() : ctx.request.headers().copy();
        this.body = ctx.body().clone();
        this.attributes = ctx.attributes == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(ctx.attributes));
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
