package dev.kiln.tracing.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.server.KilnServer;
import dev.kiln.test.KilnTest;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerSpans} in parts: the query's redaction, {@code Host} into {@code server.address} and
 * {@code server.port}, and which propagator reads the parent.
 */
class ServerSpansTest {
    @Test
    void theValuesOfSigningKeysAreRedactedAndTheRestOfTheQueryKept() {
        assertEquals("a=1&sig=REDACTED&b=2", ServerSpans.redacted("a=1&sig=abc&b=2"));
        assertEquals("X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED",
                ServerSpans.redacted("X-Amz-Signature=s&X-Amz-Credential=c"));
        assertEquals("q=kiln&Sig=abc", ServerSpans.redacted("q=kiln&Sig=abc"), "keys match case-sensitively");
        assertEquals("sig&x=sig=1", ServerSpans.redacted("sig&x=sig=1"), "a key without a value, a value like a key");
        String plain = "q=kiln&page=2";
        assertSame(plain, ServerSpans.redacted(plain), "nothing to redact: the same string, no copy");
        assertEquals("", ServerSpans.redacted(""));
    }

    @Test
    void hostGivesTheAddressAndThePortOrHttpDefault80() {
        assertEquals(List.of("example.com", 8080L), host("example.com:8080"));
        assertEquals(List.of("example.com", 80L), host("example.com"));
        assertEquals(List.of("::1", 9000L), host("[::1]:9000"), "an IPv6 literal without its brackets");
        assertEquals(List.of("::1", 80L), host("[::1]"));
        assertEquals(List.of(), host("example.com:http"), "a port that is not a number: neither is said");
        assertEquals(List.of(), host(":8080"));
    }

    /** What {@link ServerSpans#host} sets, as [address, port], or nothing. */
    private static List<Object> host(String host) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            var span = provider.get("test").spanBuilder("host");
            ServerSpans.host(span, host);
            span.startSpan().end();
            Attributes a = exporter.getFinishedSpanItems().get(0).getAttributes();
            String address = a.get(ServerSpans.SERVER_ADDRESS);
            Long port = a.get(ServerSpans.SERVER_PORT);
            assertEquals(address == null, port == null, "both or neither: " + a);
            return address == null ? List.of() : List.of(address, port);
        }
    }

    @Test
    void anSdkWithoutPropagatorsStillReadsW3cTraceContext() {
        SpanData span = spanOfOneRequest(null);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.getTraceId());
        assertEquals("00f067aa0ba902b7", span.getParentSpanId());
    }

    @Test
    void aPropagatorGivenIsTheOneThatReads() {
        SpanData span = spanOfOneRequest(TextMapPropagator.noop());
        assertFalse(span.getParentSpanContext().isValid(), "a propagator that reads nothing: a new trace");
        assertEquals("GET /users/:id", span.getName());
        assertNull(span.getAttributes().get(ServerSpans.ERROR_TYPE));
    }

    /** One GET /users/1 with a traceparent, to an in-memory server whose SDK has no propagators. */
    private static SpanData spanOfOneRequest(TextMapPropagator propagator) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build()) {
            assertEquals(List.of(), sdk.getPropagators().getTextMapPropagator().fields().stream().toList());
            OpenTelemetryTracing tracing = OpenTelemetryTracing.of(sdk);
            if (propagator != null) tracing.propagator(propagator);
            KilnTest app = KilnTest.of(new KilnServer(TracedAppRoutes.builder().build()).install(tracing));
            assertEquals(200, app.call("GET", "/users/1")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .send().status());
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(1, spans.size(), spans.toString());
            return spans.get(0);
        }
    }

    @Test
    void theSamplerSeesTheRouteAndTheNameTheSpanStartsWith() {
        List<String> sampled = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sampler recording = new Sampler() {
            @Override
            public SamplingResult shouldSample(io.opentelemetry.context.Context parent, String traceId, String name,
                    SpanKind kind, Attributes attributes, List<LinkData> links) {
                sampled.add(name + " route=" + attributes.get(ServerSpans.HTTP_ROUTE));
                return SamplingResult.drop();
            }

            @Override
            public String getDescription() {
                return "records what it is asked";
            }
        };
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(recording)
                        .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()).build()) {
            KilnTest app = KilnTest.of(new KilnServer(TracedAppRoutes.builder().build()).install(OpenTelemetryTracing.of(sdk)));
            assertEquals(200, app.get("/users/7").status());
            assertEquals(200, app.call("HEAD", "/users/7").send().status());
            assertEquals(404, app.get("/nowhere").status());
        }
        assertEquals(List.of("GET /users/:id route=/users/:id", "HEAD /users/:id route=/users/:id", "GET route=null"),
                sampled);
    }
}

