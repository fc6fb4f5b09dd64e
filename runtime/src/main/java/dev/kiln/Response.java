package dev.kiln;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A handler's full answer: status, headers and body, for when a bare return value is not enough.
 *
 * <pre>{@code
 * @Post("/orders")
 * public Response create(@Body NewOrder order) {
 *     Order saved = store.save(order);
 *     return Response.created("/orders/" + saved.id(), saved);
 * }
 * }</pre>
 *
 * <p>The body is written like a handler's return value: a {@code String} as text, a {@code byte[]} as
 * octets, anything else as JSON through the application's {@link dev.kiln.json.JsonCodec}; null for none.
 */
public final class Response {
    /** The lowest status a response may have: a final one (RFC 9110 §15); a 1xx is interim, never the answer. */
    public static final int MIN_STATUS = 200;
    /** The highest status a response may have; {@code @Status} is checked against the same range at build time. */
    public static final int MAX_STATUS = 599;

    private final int status;
    private final Map<String, String> headers;
    private final Object body;

    private Response(int status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** A response with this status and no body. */
    public static Response status(int status) {
        return new Response(checkStatus(status), Map.of(), null);
    }

    /** {@code status} itself when it is from {@link #MIN_STATUS} to {@link #MAX_STATUS}; else an exception. */
    public static int checkStatus(int status) {
        if (status < MIN_STATUS || status > MAX_STATUS) {
            throw new IllegalArgumentException("status out of range " + MIN_STATUS + "-" + MAX_STATUS + ": " + status);
        }
        return status;
    }

    /** 200 with this body. */
    public static Response ok(Object body) {
        return status(200).body(body);
    }

    /** 201 Created with a {@code Location} and this body. */
    public static Response created(String location, Object body) {
        return status(201).header("Location", location).body(body);
    }

    /** 204 No Content. */
    public static Response noContent() {
        return status(204);
    }

    /** A copy with this header set. */
    public Response header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
        return new Response(status, Map.copyOf(copy), body);
    }

    /** A copy with this body. */
    public Response body(Object body) {
        return new Response(status, headers, body);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The headers set with {@link #header}, in the order set; unmodifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body as given, written when the response is sent; null for none. */
    public Object body() {
        return body;
    }
}
