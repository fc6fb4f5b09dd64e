package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.routing.Methods;
import dev.kiln.test.LeakRecorder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How responses are built from a context and framed, without a connection. */
class ResponsesTest {
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    /** The response the chain of {@code handler} sets on a context, built; the context is released after. */
    private static FullHttpResponse fromChain(dev.kiln.Middleware handler) throws Exception {
        PooledContext ctx = new PooledContext(TestRoutes.builder().get("/x", handler).build());
        ctx.begin(Methods.GET, "/x", 2, null);
        ctx.serve();
        try {
            return Responses.of(ctx, ALLOC);
        } finally {
            ctx.reset();
        }
    }

    private static void check(FullHttpResponse response, Consumer<FullHttpResponse> check) {
        try {
            check.accept(response);
        } finally {
            response.release();
        }
    }

    @Test
    void aTextBodyIsWrittenAsUtf8WithItsStatusHeadersAndType() throws Exception {
        check(fromChain(ctx -> ctx.status(201).header("X-Id", "7").text("héllo")), r -> {
            assertEquals(201, r.status().code());
            assertEquals("7", r.headers().get("X-Id"));
            assertEquals("text/plain; charset=utf-8", r.headers().get("Content-Type"));
            assertEquals("héllo", r.content().toString(StandardCharsets.UTF_8));
        });
    }

    @Test
    void smallByteBodiesAreCopiedIntoADirectBufferAndLargeOnesWrapped() throws Exception {
        check(fromChain(ctx -> ctx.bytes(new byte[100])), r -> {
            assertTrue(r.content().isDirect());
            assertEquals(100, r.content().readableBytes());
        });
        check(fromChain(ctx -> ctx.bytes(new byte[100_000])), r -> {
            assertFalse(r.content().isDirect(), "wrapped: no copy of a large body");
            assertEquals(100_000, r.content().readableBytes());
        });
    }

    @Test
    void aChainThatSetsNoBodyGetsAnEmptyOneWithoutAType() throws Exception {
        check(fromChain(ctx -> ctx.status(204)), r -> {
            assertEquals(0, r.content().readableBytes());
            assertNull(r.headers().get("Content-Type"));
        });
    }

    @Test
    void theServersOwnErrorsAreProblemsAsTheRendererWritesThem() {
        check(Responses.problem(ProblemRenderer.json(), Problem.of(503, "the server is too busy: try again")), r -> {
            assertEquals(503, r.status().code());
            assertEquals("application/problem+json", r.headers().get("Content-Type"));
            assertEquals("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"detail\":\"the server is too busy: try again\"}", r.content().toString(StandardCharsets.UTF_8));
        });
        ProblemRenderer plain = new ProblemRenderer() {
            @Override
            public String contentType() {
                return "text/plain; charset=utf-8";
            }

            @Override
            public byte[] render(Problem problem) {
                return (problem.status() + " " + problem.title()).getBytes(StandardCharsets.UTF_8);
            }
        };
        check(Responses.problem(plain, Problem.of(404, null)), r -> {
            assertEquals("text/plain; charset=utf-8", r.headers().get("Content-Type"), "an application's own renderer");
            assertEquals("404 Not Found", r.content().toString(StandardCharsets.UTF_8));
        });
        check(Responses.empty(204, "GET"), r -> {
            assertEquals(0, r.content().readableBytes());
            assertEquals("GET", r.headers().get("Allow"));
            assertNull(r.headers().get("Content-Type"), "no body, no type");
        });
        check(Responses.redirect(308, "/a/"), r -> assertEquals("/a/", r.headers().get("Location")));
    }

    @Test
    void eachKindOfMalformedRequestGetsItsStatus() {
        assertEquals(505, Responses.statusFor(new Rejection(505, "HTTP/2.0")));
        assertEquals(414, Responses.statusFor(new TooLongHttpLineException("line")));
        assertEquals(431, Responses.statusFor(new TooLongHttpHeaderException("headers")));
        assertEquals(413, Responses.statusFor(new TooLongFrameException("body")));
        assertEquals(400, Responses.statusFor(new IllegalArgumentException("bad chunk")));
        check(Responses.rejection(ProblemRenderer.json(), new TooLongHttpLineException("line")), r ->
                assertEquals("{\"type\":\"about:blank\",\"title\":\"URI Too Long\",\"status\":414,\"detail\":"
                        + "\"request line too long\"}", r.content().toString(StandardCharsets.UTF_8)));
        check(Responses.rejection(ProblemRenderer.json(), new IllegalArgumentException("invalid version <script>")), r ->
                assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":"
                        + "\"malformed request\"}", r.content().toString(StandardCharsets.UTF_8),
                        "a decoder's message, which may quote the client, is not sent back"));
    }

    @Test
    void a204HasNeitherALengthNorABodyWhateverTheHandlerWrote() throws Exception {
        check(Responses.framed(fromChain(ctx -> ctx.status(204).text("ignored")), false), r -> {
            assertNull(r.headers().get("Content-Length"), "RFC 9110 §8.6: no Content-Length on a 204");
            assertEquals(0, r.content().readableBytes());
            assertNotNull(r.headers().get("Date"));
        });
    }

    @Test
    void framingAddsLengthAndDateAndAHeadResponseKeepsTheLengthButNotTheBody() {
        Problem notFound = Problem.of(404, null);
        int length = ProblemRenderer.json().render(notFound).length;
        check(Responses.framed(Responses.problem(ProblemRenderer.json(), notFound), false), r -> {
            assertEquals(String.valueOf(length), r.headers().get("Content-Length"));
            assertNotNull(r.headers().get("Date"));
            assertEquals(length, r.content().readableBytes());
        });
        check(Responses.framed(Responses.problem(ProblemRenderer.json(), notFound), true), r -> {
            assertEquals(String.valueOf(length), r.headers().get("Content-Length"), "HEAD: the length a GET would have had");
            assertEquals(0, r.content().readableBytes());
        });
    }
}
