package dev.kiln.tracing.opentelemetry;

import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * A server span per request through the OpenTelemetry API, installed on a Kiln server:
 *
 * <pre>{@code
 * Kiln.server(routes).install(OpenTelemetryTracing.of(openTelemetry)).start();
 * }</pre>
 *
 * <p>Each request the routes answer gets a {@code SERVER} span whose parent is the trace context the request
 * carries ({@code traceparent} and {@code tracestate}, W3C Trace Context; a missing or malformed one starts a new
 * trace). The span is current while the request's code runs: routing, middleware and handler on the event loop, a
 * {@code @Blocking} chain on its worker, and, when a handler returned a {@code CompletionStage}, the writing of its
 * value or the mapping of its failure back on the event loop, with the {@code onResponse} listeners. It is named
 * by the route template ({@code GET /users/:id}; just the method when no route matched) and carries the attributes
 * of OpenTelemetry's HTTP server conventions ({@link ServerSpans} lists them); a 5xx is an error.
 *
 * <p>Code a handler sends to threads of its own runs outside the span unless it takes the context along: submit to
 * {@code io.opentelemetry.context.Context.taskWrapping(executor)}, or wrap the task with
 * {@code Context.current().wrap(task)}.
 *
 * <p>Requests the server answers before routing (malformed ones, a bad target, {@code OPTIONS *}) and its
 * endpoints (health probes, metrics scrapes) get no span. A server without this extension opens no scope at all.
 */
public final class OpenTelemetryTracing implements ServerExtension {
    /** The instrumentation scope the spans are reported under. */
    public static final String INSTRUMENTATION_NAME = "dev.kiln.opentelemetry";

    private final OpenTelemetry openTelemetry;
    private TextMapPropagator propagator;

    private OpenTelemetryTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry == null");
    }

    /** Spans from {@code openTelemetry}'s tracer provider, parents read with its propagators. */
    public static OpenTelemetryTracing of(OpenTelemetry openTelemetry) {
        return new OpenTelemetryTracing(openTelemetry);
    }

    /**
     * Spans from {@link GlobalOpenTelemetry}: the SDK the application registered, or the Java agent's. Read here,
     * so register the SDK before.
     */
    public static OpenTelemetryTracing global() {
        return new OpenTelemetryTracing(GlobalOpenTelemetry.get());
    }

    /**
     * How a request's parent context is read from its headers. Default: the {@code OpenTelemetry}'s own
     * propagators, unless they read nothing (an SDK built without any), and then W3C Trace Context.
     */
    public OpenTelemetryTracing propagator(TextMapPropagator propagator) {
        this.propagator = Objects.requireNonNull(propagator, "propagator == null");
        return this;
    }

    @Override
    public void install(KilnServer server) {
        TextMapPropagator chosen = propagator;
        if (chosen == null) {
            chosen = openTelemetry.getPropagators().getTextMapPropagator();
            if (chosen.fields().isEmpty()) chosen = W3CTraceContextPropagator.getInstance();
        }
        server.scopes(new ServerSpans(openTelemetry.getTracer(INSTRUMENTATION_NAME), chosen));
    }
}
