package dev.kiln.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.KilnServer;
import dev.kiln.server.TestRoutes;
import dev.kiln.test.KilnTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AccessLog}: one line per request in either format, with the status the client got, the route template (empty
 * for a request no route matched) and the request id; written by its own thread, so a slow sink drops lines rather
 * than holding a request.
 */
@Timeout(30)
class AccessLogTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String DURATION = "\\d+\\.\\d{3}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<AccessLog> logs = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        logs.forEach(AccessLog::close);
    }

    private AccessLog log(AccessLog.Builder builder) {
        AccessLog log = builder.build();
        logs.add(log);
        return log;
    }

    /** RequestId and the log as global middleware, in front of a few routes. */
    private static KilnTest app(AccessLog log, UnaryOperator<KilnServer> settings) {
        return KilnTest.of(settings.apply(new KilnServer(TestRoutes.builder()
                .use("RequestId", new RequestId())
                .use("AccessLog", log)
                .get("/items/:id", ctx -> ctx.text("item " + ctx.param("id")))
                .route("PUT", "/items/:id", false, ctx -> ctx.status(204))
                .get("/teapot", ctx -> ctx.status(418).text("short and stout"))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .get("/conflict", ctx -> {
                    throw new UnsupportedOperationException("conflict");
                })
                .get("/later", ctx -> ctx.defer(CompletableFuture.supplyAsync(() -> "later",
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)), (c, v) -> c.text(v)))
                .build())));
    }

    private static KilnTest app(AccessLog log) {
        return app(log, s -> s);
    }

    /** The lines written so far, after closing the log so that everything queued is written. */
    private List<String> lines(AccessLog log) {
        log.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "whole lines only: " + text);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void eachRequestIsOnePlainLineWithItsRouteStatusDurationAndId() {
        AccessLog log = log(AccessLog.builder().to(out));
        KilnTest app = app(log);
        app.call("GET", "/items/7").header("X-Request-Id", "req-7").send();
        KilnTest.Response made = app.get("/teapot");
        List<String> lines = lines(log);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("time=" + TIME + " method=GET path=/items/7 route=/items/:id status=200"
                + " duration_ms=" + DURATION + " request_id=req-7"), lines.get(0));
        assertTrue(lines.get(1).matches("time=" + TIME + " method=GET path=/teapot route=/teapot status=418"
                + " duration_ms=" + DURATION + " request_id=" + made.header("X-Request-Id")), lines.get(1));
    }

    @Test
    void jsonLinesCarryTheSameFields() {
        AccessLog log = log(AccessLog.builder().format(AccessLog.Format.JSON).to(out));
        app(log).call("PUT", "/items/7").header("X-Request-Id", "req-7").send();
        List<String> lines = lines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\{\"time\":\"" + TIME + "\",\"method\":\"PUT\",\"path\":\"/items/7\","
                + "\"route\":\"/items/:id\",\"status\":204,\"duration_ms\":" + DURATION + ",\"request_id\":\"req-7\"}"),
                lines.get(0));
    }

    @Test
    void theStatusIsTheOneTheClientGotAfterExceptionHandlers() {
        AccessLog log = log(AccessLog.builder().to(out));
        KilnTest app = app(log, s -> s.onException(UnsupportedOperationException.class, (e, ctx) -> ctx.status(409)));
        assertEquals(409, app.get("/conflict").status());
        assertEquals(500, app.get("/boom").status());
        List<String> lines = lines(log);
        assertTrue(lines.get(0).contains(" route=/conflict status=409 "), lines.get(0));
        assertTrue(lines.get(1).contains(" route=/boom status=500 "), "the generic 500 of a failure nothing answered: "
                + lines.get(1));
    }

    @Test
    void aDeferredAnswerIsLoggedWhenItComesWithTheWaitInItsDuration() {
        AccessLog log = log(AccessLog.builder().to(out));
        assertEquals("later", app(log).get("/later").text());
        String line = lines(log).get(0);
        assertTrue(line.contains(" route=/later status=200 "), line);
        double millis = Double.parseDouble(line.replaceAll(".* duration_ms=([0-9.]+) .*", "$1"));
        assertTrue(millis >= 20, "the 20 ms the stage took are in it: " + line);
    }

    @Test
    void requestsNoRouteMatchedAreLoggedWithAnEmptyRoute() {
        AccessLog log = log(AccessLog.builder().to(out));
        KilnTest app = app(log);
        assertEquals(404, app.get("/nowhere").status());
        assertEquals(405, app.call("DELETE", "/items/7").send().status());
        assertEquals(204, app.call("OPTIONS", "/items/7").send().status());
        List<String> lines = lines(log);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" method=GET path=/nowhere route= status=404 "), lines.get(0));
        assertTrue(lines.get(1).contains(" method=DELETE path=/items/7 route= status=405 "), lines.get(1));
        assertTrue(lines.get(2).contains(" method=OPTIONS path=/items/7 route= status=204 "), lines.get(2));
    }

    @Test
    void aSlowSinkNeverHoldsARequestItsLinesAreDroppedAndCounted() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await(); // a disk that hangs, a pipe nobody reads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write(b, off, len);
            }
        };
        AccessLog log = log(AccessLog.builder().to(stuck).queueSize(4));
        KilnTest app = app(log);
        app.get("/items/0");
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer took the first line and is stuck writing it");
        for (int i = 1; i <= 50; i++) {
            assertEquals("item " + i, app.get("/items/" + i).text(), "answered while the sink is stuck");
        }
        assertEquals(46, log.dropped(), "4 lines wait in the queue; the other 46 were dropped, not waited for");
        release.countDown();
        List<String> lines = lines(log);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" path=/items/0 "), lines.get(0));
        for (int i = 1; i <= 4; i++) assertTrue(lines.get(i).contains(" path=/items/" + i + " "), lines.get(i));
    }

    @Test
    void afterCloseLinesAreDroppedAndCounted() {
        AccessLog log = log(AccessLog.builder().to(out));
        KilnTest app = app(log);
        app.get("/items/1");
        assertEquals(1, lines(log).size());
        app.get("/items/2");
        assertEquals(1, log.dropped());
        assertEquals(1, lines(log).size(), "nothing written after close()");
    }

    @Test
    void aWriterSinkGetsTheSameLines() {
        StringWriter writer = new StringWriter();
        AccessLog log = log(AccessLog.builder().to(writer));
        app(log).call("GET", "/items/3").header("X-Request-Id", "w-3").send();
        log.close();
        assertTrue(writer.toString().matches("time=" + TIME + " method=GET path=/items/3 route=/items/:id status=200"
                + " duration_ms=" + DURATION + " request_id=w-3\n"), writer.toString());
    }

    @Test
    void withoutRequestIdTheIdIsEmpty() {
        AccessLog log = log(AccessLog.builder().to(out));
        KilnTest.of(TestRoutes.builder().use("AccessLog", log).get("/x", ctx -> ctx.text("x")).build())
                .call("GET", "/x").header("X-Request-Id", "not-read").send();
        String line = lines(log).get(0);
        assertTrue(line.matches(".* status=200 duration_ms=" + DURATION + " request_id="), line);
    }

    @Test
    void valuesThatCouldForgeALineAreQuotedAndEscaped() {
        StringBuilder plain = new StringBuilder();
        AccessLog.logfmt(plain, "/a b\"c=d\\e\n\u00e9\u0001");
        assertEquals("\"/a b\\\"c=d\\\\e\\u000a\\u00e9\\u0001\"", plain.toString());
        StringBuilder empty = new StringBuilder();
        AccessLog.logfmt(empty, "");
        assertEquals("", empty.toString(), "an empty value is key= in logfmt");
        StringBuilder json = new StringBuilder();
        AccessLog.jsonString(json, "a\"b\\c\n\u2028");
        assertEquals("\"a\\\"b\\\\c\\u000a\\u2028\"", json.toString());
    }

    @Test
    void durationsAreMillisecondsToTheMicrosecond() {
        String[][] cases = {{"0", "0.000"}, {"999", "0.000"}, {"1000", "0.001"}, {"137000", "0.137"},
            {"1500000", "1.500"}, {"12345678901", "12345.678"}, {"-5", "0.000"}};
        for (String[] c : cases) {
            StringBuilder sb = new StringBuilder();
            AccessLog.millis(sb, Long.parseLong(c[0]));
            assertEquals(c[1], sb.toString(), c[0] + " ns");
        }
    }

    @Test
    void timesAreIsoInstantsInUtcToTheMillisecond() {
        AccessLog.Clock clock = new AccessLog.Clock();
        StringBuilder sb = new StringBuilder();
        clock.append(sb, 0);
        sb.append(' ');
        clock.append(sb, 1_796_654_523_007L);
        sb.append(' ');
        clock.append(sb, 1_796_654_523_999L);
        sb.append(' ');
        clock.append(sb, 1_796_654_524_000L);
        assertEquals("1970-01-01T00:00:00.000Z 2026-12-07T14:42:03.007Z 2026-12-07T14:42:03.999Z"
                + " 2026-12-07T14:42:04.000Z", sb.toString());
    }

    @Test
    void aQueueSizeThatCannotWorkIsRefused() {
        assertEquals("queueSize must be 1 to 16777216, not 0",
                assertThrows(IllegalArgumentException.class, () -> AccessLog.builder().queueSize(0)).getMessage());
        assertThrows(NullPointerException.class, () -> AccessLog.builder().to((OutputStream) null));
        assertThrows(NullPointerException.class, () -> AccessLog.builder().format(null));
    }
}
