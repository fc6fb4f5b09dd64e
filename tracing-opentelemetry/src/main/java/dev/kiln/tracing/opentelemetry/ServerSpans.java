package dev.kiln.tracing.opentelemetry;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.server.RequestScopes;
import dev.kiln.server.ServerObserver;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Set;

/**
 * The server span of each request, as OpenTelemetry's HTTP server conventions describe it
 * (<a href="https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server-span">HTTP server span</a>):
 * the {@link RequestScopes} that {@link OpenTelemetryTracing} installs. A request's scope is the OpenTelemetry
 * context holding its span.
 *
 * <p>Opened before routing, with what a sampler may use: the route ({@code http.route}, the template such as
 * {@code /users/:id}, which also names the span {@code GET /users/:id}; a request no route matches is named
 * {@code GET}), {@code http.request.method} (and
 * {@code http.request.method_original} for a method the conventions do not know, then {@code _OTHER}),
 * {@code url.path}, {@code url.query} (the values of signing keys such as {@code X-Amz-Signature} replaced by
 * {@code REDACTED}), {@code url.scheme} ({@code http}: Kiln serves no TLS itself), {@code server.address} and
 * {@code server.port} from {@code Host} (port 80 when it names none; an IPv6 literal without its brackets),
 * {@code network.protocol.version} and {@code user_agent.original}. Closed with
 * {@code http.response.status_code}. A 5xx sets the span's status to error and {@code error.type} to the class of
 * the exception no handler answered, else to the status code; a connection closed before its response sets
 * {@code error.type} to {@value #ABANDONED}. A 4xx is not an error of a server span.
 */
final class ServerSpans implements RequestScopes<io.opentelemetry.context.Context> {
    /** {@code error.type} of a request whose connection closed before its response was written. */
    static final String ABANDONED = "connection_closed";

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> USER_AGENT_ORIGINAL = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The methods the conventions know: RFC 9110's, PATCH (RFC 5789) and QUERY. Others are {@code _OTHER}. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");
    /** Query keys whose values the conventions say to redact: request signatures and credentials. */
    private static final Set<String> SENSITIVE_QUERY_KEYS = Set.of("X-Amz-Signature", "X-Amz-Credential",
            "X-Amz-Security-Token", "AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature");

    /** Reads propagation fields from Netty's request headers. */
    private static final TextMapGetter<HttpRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpRequest request, String key) {
            return request == null ? null : request.headers().get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    ServerSpans(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public io.opentelemetry.context.Context open(Context ctx, HttpRequest request, RouteInfo route) {
        // From the root, not the current context: whatever the thread has current is not this request's parent.
        io.opentelemetry.context.Context parent =
                propagator.extract(io.opentelemetry.context.Context.root(), request, HEADERS);
        String method = request.method().name();
        boolean known = KNOWN_METHODS.contains(method);
        String name = known ? method : "HTTP";
        SpanBuilder span = tracer.spanBuilder(route == null ? name : name + " " + route.path())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_REQUEST_METHOD, known ? method : "_OTHER")
                .setAttribute(URL_PATH, ctx.path())
                .setAttribute(URL_SCHEME, "http")
                .setAttribute(NETWORK_PROTOCOL_VERSION, version(request.protocolVersion()));
        if (!known) span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
        if (route != null) span.setAttribute(HTTP_ROUTE, route.path());
        String target = request.uri();
        int q = target.indexOf('?');
        if (q >= 0) span.setAttribute(URL_QUERY, redacted(target.substring(q + 1)));
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null) host(span, host);
        String agent = request.headers().get(HttpHeaderNames.USER_AGENT);
        if (agent != null) span.setAttribute(USER_AGENT_ORIGINAL, agent);
        return parent.with(span.startSpan());
    }

    @Override
    public Object enter(io.opentelemetry.context.Context scope) {
        return scope.makeCurrent();
    }

    @Override
    public void exit(Object entered) {
        ((Scope) entered).close();
    }

    @Override
    public void close(io.opentelemetry.context.Context scope, RouteInfo route, int status, Throwable failure) {
        Span span = Span.fromContext(scope);
        if (status == ServerObserver.NO_RESPONSE) {
            span.setAttribute(ERROR_TYPE, ABANDONED);
            span.setStatus(StatusCode.ERROR);
        } else {
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status);
            if (status >= 500) {
                span.setAttribute(ERROR_TYPE, failure != null ? failure.getClass().getName() : Integer.toString(status));
                span.setStatus(StatusCode.ERROR);
            }
        }
        if (failure != null) span.recordException(failure);
        span.end();
    }

    /** {@code network.protocol.version}: {@code 1.1} or {@code 1.0}. */
    private static String version(HttpVersion version) {
        if (version == HttpVersion.HTTP_1_1) return "1.1";
        if (version == HttpVersion.HTTP_1_0) return "1.0";
        return version.majorVersion() + "." + version.minorVersion();
    }

    /** {@code server.address} and {@code server.port} from a {@code Host} value: a name or address, and a port. */
    static void host(SpanBuilder span, String host) {
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']'); // an IPv6 literal, [::1]:8080
        String address = host;
        long port = 80; // the default port of http, the scheme Kiln serves
        if (colon > bracket) {
            address = host.substring(0, colon);
            try {
                port = Long.parseLong(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return; // not a Host the server would serve under; say nothing rather than something wrong
            }
        }
        if (address.length() > 2 && address.charAt(0) == '[' && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty()) return;
        span.setAttribute(SERVER_ADDRESS, address);
        span.setAttribute(SERVER_PORT, port);
    }

    /** The query with the values of {@link #SENSITIVE_QUERY_KEYS} replaced by {@code REDACTED}; as it is without any. */
    static String redacted(String query) {
        StringBuilder out = null;
        int n = query.length();
        int start = 0;
        while (true) {
            int end = query.indexOf('&', start);
            if (end < 0) end = n;
            int eq = query.indexOf('=', start);
            if (eq >= 0 && eq < end && SENSITIVE_QUERY_KEYS.contains(query.substring(start, eq))) {
                if (out == null) out = new StringBuilder(n).append(query, 0, start);
                out.append(query, start, eq + 1).append("REDACTED");
            } else if (out != null) {
                out.append(query, start, end);
            }
            if (end == n) break;
            if (out != null) out.append('&');
            start = end + 1;
        }
        return out == null ? query : out.toString();
    }
}
