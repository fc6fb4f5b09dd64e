package dev.kiln.tracing.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.Kiln;
import dev.kiln.server.RunningServer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OpenTelemetryTracing} on a real server over a socket, spans exported to memory: the parent read from
 * {@code traceparent}, the name and attributes, the span current in handlers on the event loop, on a
 * {@code @Blocking} worker and where a {@code CompletionStage} is answered, one span per pipelined request, and no
 * context left current on the event loop.
 */
@Timeout(30)
class OpenTelemetryTracingTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT_ID = "b7ad6b7169203331";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private RunningServer server;

    @BeforeEach
    void start() {
        TracedController.SPANS.clear();
        TracedController.THREADS.clear();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        server = Kiln.server(TracedAppRoutes.builder().build())
                .host("127.0.0.1")
                .port(0)
                .eventLoops(1) // so that the probe runs on the loop that served the requests before it
                .printRoutes(false)
                .onException(TracedController.Refused.class, (e, ctx) -> {
                    TracedController.record("refusedMapped");
                    ctx.status(503).text("refused");
                })
                // An endpoint runs on the event loop outside any request's scope: what is current there is what
                // the requests before it left behind.
                .endpoint("/probe", ctx -> ctx.text(
                        io.opentelemetry.context.Context.current() == io.opentelemetry.context.Context.root()
                                ? "root" : "leaked " + io.opentelemetry.context.Context.current()))
                .install(OpenTelemetryTracing.of(sdk))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        sdk.close();
    }

    @Test
    void anIncomingTraceparentBecomesTheParentOfASpanNamedByTheRouteTemplate() throws IOException {
        List<Response> responses = exchange(request("/users/42",
                "traceparent: 00-" + TRACE_ID + "-" + PARENT_ID + "-01", "tracestate: vendor=value",
                "User-Agent: tracing-test"));
        assertEquals(200, responses.get(0).status);
        assertEquals("user 42", responses.get(0).body);

        SpanData span = onlySpan();
        assertEquals("GET /users/:id", span.getName());
        assertEquals(SpanKind.SERVER, span.getKind());
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals(PARENT_ID, span.getParentSpanId());
        assertTrue(span.getParentSpanContext().isRemote(), "the parent came over the wire");
        assertEquals("value", span.getSpanContext().getTraceState().get("vendor"), "tracestate is carried on");
        assertEquals("GET", span.getAttributes().get(ServerSpans.HTTP_REQUEST_METHOD));
        assertEquals("/users/:id", span.getAttributes().get(ServerSpans.HTTP_ROUTE));
        assertEquals("/users/42", span.getAttributes().get(ServerSpans.URL_PATH));
        assertEquals("http", span.getAttributes().get(ServerSpans.URL_SCHEME));
        assertEquals(200L, span.getAttributes().get(ServerSpans.HTTP_RESPONSE_STATUS_CODE));
        assertEquals("127.0.0.1", span.getAttributes().get(ServerSpans.SERVER_ADDRESS));
        assertEquals((long) server.port(), span.getAttributes().get(ServerSpans.SERVER_PORT));
        assertEquals("1.1", span.getAttributes().get(ServerSpans.NETWORK_PROTOCOL_VERSION));
        assertEquals("tracing-test", span.getAttributes().get(ServerSpans.USER_AGENT_ORIGINAL));
        assertNull(span.getAttributes().get(ServerSpans.URL_QUERY), "no query was sent");
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals(span.getSpanContext(), seen("user"), "the handler's current span is the server span");
    }

    @Test
    void aMalformedTraceparentStartsANewTrace() throws IOException {
        exchange(request("/users/7", "traceparent: 00-" + TRACE_ID + "-not-a-span-id-01"));
        SpanData span = onlySpan();
        assertFalse(span.getParentSpanContext().isValid(), "no parent");
        assertNotEquals(TRACE_ID, span.getTraceId());
        assertTrue(span.getSpanContext().isValid());
        assertEquals("GET /users/:id", span.getName());
    }

    @Test
    void aRequestNoRouteMatchedIsNamedByItsMethodAloneAndA404IsNoError() throws IOException {
        assertEquals(404, exchange(request("/nowhere?token=abc&sig=secret")).get(0).status);
        SpanData span = onlySpan();
        assertEquals("GET", span.getName());
        assertNull(span.getAttributes().get(ServerSpans.HTTP_ROUTE));
        assertEquals(404L, span.getAttributes().get(ServerSpans.HTTP_RESPONSE_STATUS_CODE));
        assertEquals("token=abc&sig=REDACTED", span.getAttributes().get(ServerSpans.URL_QUERY));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), "a 4xx is not a server span's error");
        assertNull(span.getAttributes().get(ServerSpans.ERROR_TYPE));
    }

    @Test
    void aBlockingHandlerSeesTheServerSpanOnItsWorker() throws IOException {
        assertEquals("blocked", exchange(request("/blocking")).get(0).body);
        SpanData span = onlySpan();
        assertEquals("GET /blocking", span.getName());
        assertTrue(TracedController.THREADS.get("blocking").startsWith("kiln-blocking-"),
                TracedController.THREADS.get("blocking"));
        assertEquals(span.getSpanContext(), seen("blocking"));
    }

    @Test
    void aStageHandlerSeesTheServerSpanAndSoDoesTheExceptionHandlerThatAnswersItsFailure() throws IOException {
        List<Response> responses = exchange(request("/async"));
        assertEquals("later", responses.get(0).body);
        SpanData span = onlySpan();
        assertEquals("GET /async", span.getName());
        assertEquals(span.getSpanContext(), seen("async"));
        exporter.reset();

        assertEquals(503, exchange(request("/async/refused")).get(0).status);
        SpanData refused = onlySpan();
        assertEquals("GET /async/refused", refused.getName());
        assertEquals(refused.getSpanContext(), seen("asyncRefused"));
        assertEquals(refused.getSpanContext(), seen("refusedMapped"),
                "the failure is mapped back on the event loop, in the request's span");
        assertTrue(TracedController.THREADS.get("refusedMapped").startsWith("kiln-loop"));
        assertEquals(StatusCode.ERROR, refused.getStatus().getStatusCode());
        assertEquals("503", refused.getAttributes().get(ServerSpans.ERROR_TYPE));
    }

    @Test
    void aFailureNoHandlerAnswersIsAnErrorSpanWithTheException() throws IOException {
        assertEquals(500, exchange(request("/boom")).get(0).status);
        SpanData span = onlySpan();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(500L, span.getAttributes().get(ServerSpans.HTTP_RESPONSE_STATUS_CODE));
        assertEquals("java.lang.IllegalStateException", span.getAttributes().get(ServerSpans.ERROR_TYPE));
        assertTrue(span.getEvents().stream().anyMatch(e -> e.getName().equals("exception")), span.getEvents().toString());
    }

    @Test
    void eachPipelinedRequestHasASpanOfItsOwnInRequestOrder() throws IOException {
        List<Response> responses = exchange(request("/users/1"), request("/blocking"), request("/users/2"),
                request("/async"), request("/nowhere"));
        assertEquals(List.of("user 1", "blocked", "user 2", "later"),
                responses.subList(0, 4).stream().map(r -> r.body).toList());
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(List.of("GET /users/:id", "GET /blocking", "GET /users/:id", "GET /async", "GET"),
                spans.stream().map(SpanData::getName).toList());
        // Each a trace of its own: none is the child of the request before it.
        assertEquals(5, spans.stream().map(SpanData::getTraceId).distinct().count());
        for (SpanData span : spans) assertFalse(span.getParentSpanContext().isValid(), span.toString());
        assertEquals(spans.get(1).getSpanContext(), seen("blocking"));
        assertEquals(spans.get(3).getSpanContext(), seen("async"));
    }

    @Test
    void noContextIsLeftCurrentOnTheEventLoopAndEndpointsGetNoSpan() throws IOException {
        exchange(request("/users/1"), request("/blocking"), request("/async"), request("/async/refused"),
                request("/boom"));
        assertEquals(5, exporter.getFinishedSpanItems().size());
        exporter.reset();
        assertEquals("root", exchange(request("/probe")).get(0).body);
        assertEquals(List.of(), exporter.getFinishedSpanItems(), "a probe is not the application's traffic");
    }

    @Test
    void aMethodTheConventionsDoNotKnowIsOther() throws IOException {
        assertEquals(404, exchange("FOO /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").get(0).status);
        SpanData span = onlySpan();
        assertEquals("HTTP", span.getName());
        assertEquals("_OTHER", span.getAttributes().get(ServerSpans.HTTP_REQUEST_METHOD));
        assertEquals("FOO", span.getAttributes().get(ServerSpans.HTTP_REQUEST_METHOD_ORIGINAL));
        assertEquals(80L, span.getAttributes().get(ServerSpans.SERVER_PORT), "http's default port");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private SpanData onlySpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans.toString());
        return spans.get(0);
    }

    private static SpanContext seen(String name) {
        return TracedController.SPANS.get(name).getSpanContext();
    }

    private String request(String target, String... headers) {
        StringBuilder r = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(server.port()).append("\r\n");
        for (String h : headers) r.append(h).append("\r\n");
        return r.append("\r\n").toString();
    }

    record Response(int status, String body) {}

    /** Sends the requests in one write on one connection and reads one response for each, in order. */
    private List<Response> exchange(String... requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(String.join("", requests).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Response> responses = new ArrayList<>();
            for (int k = 0; k < requests.length; k++) responses.add(read(in));
            return responses;
        }
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        String header;
        while (!(header = line(in)).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(status.split(" ")[1]), new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("the connection closed mid-response");
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
