package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kiln's handlers answer Netty's {@code isSharable()} themselves, without the reflective look for {@code @Sharable}
 * that costs start-up its annotation proxies (BENCHMARKS.md, "Start-up"). Each answer must be the one the annotation
 * gives: a shared initializer that said no could not serve a second connection, and a connection's handler that said
 * yes could be added to two pipelines.
 */
class SharableTest {
    private static final TestRoutes ROUTES = TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build();

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "h2c {0}")
    @ValueSource(booleans = {false, true})
    void theInitializerAndEveryHandlerItAddsAnswerAsTheirAnnotationSays(boolean h2c) {
        KilnServer server = new KilnServer(ROUTES).h2c(h2c);
        ChannelInitializer<Channel> initializer = server.initializer(Runnable::run, server.newState(), null);
        assertAnswersAsAnnotated(initializer);
        assertAnswersItself(initializer);
        EmbeddedChannel ch = new EmbeddedChannel(initializer);
        List<ChannelHandler> handlers = handlers(ch);
        assertTrue(handlers.stream().anyMatch(RequestHandler.class::isInstance), "Kiln's handler: " + handlers);
        for (ChannelHandler h : handlers) {
            assertAnswersAsAnnotated(h);
            if (isKilns(h)) assertAnswersItself(h); // the h2c detectors too
        }
        ch.finishAndReleaseAll();
    }

    /** An h2c connection, once its preface has come: Kiln's handlers of the HTTP/2 pipeline answer themselves. */
    @Test
    void theHttp2ConnectionsHandlersAnswerAsTheirAnnotationSays() {
        KilnServer server = new KilnServer(ROUTES).h2c(true);
        EmbeddedChannel ch = new EmbeddedChannel(server.initializer(Runnable::run, server.newState(), null));
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(io.netty.handler.codec.http2.Http2CodecUtil
                .connectionPrefaceBuf(), io.netty.buffer.Unpooled.wrappedBuffer(H2Wire.frameBytes(0x4, 0, 0, new byte[0]))));
        List<ChannelHandler> handlers = handlers(ch);
        assertTrue(handlers.stream().anyMatch(Http2Streams.class::isInstance), "the HTTP/2 pipeline: " + handlers);
        int kilns = 0;
        for (ChannelHandler h : handlers) {
            assertAnswersAsAnnotated(h);
            if (isKilns(h)) {
                assertAnswersItself(h);
                kilns++;
            }
        }
        assertEquals(3, kilns, "Http2Connection, Http2Streams and the errors handler: " + handlers);
        ch.finishAndReleaseAll();
    }

    private static boolean isKilns(ChannelHandler h) {
        return h.getClass().getName().startsWith("dev.kiln.");
    }

    @Test
    void oneInitializerServesEveryConnection() {
        KilnServer server = new KilnServer(ROUTES);
        ChannelInitializer<Channel> initializer = server.initializer(Runnable::run, server.newState(), null);
        List<EmbeddedChannel> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) connections.add(new EmbeddedChannel(initializer)); // Netty refuses if unshareable
        for (EmbeddedChannel ch : connections) {
            assertEquals(List.of(Http1Pipeline.CODEC, Http1Pipeline.HANDLER), names(ch));
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theTlsInitializerAndItsAlpnHandlerAnswerAsTheirAnnotationSays() throws Exception {
        TestCertificates.Pair rsa = TestCertificates.make(dir, "kiln-sharable", false);
        TlsContexts tls = TlsContexts.start(TlsKeys.of(rsa.cert(), rsa.key(), null, null, null), TlsProvider.JDK);
        KilnServer server = new KilnServer(ROUTES);
        ChannelInitializer<Channel> initializer = server.tlsInitializer(Runnable::run, server.newState(), null,
                ServerStats.newPoolList(), tls);
        assertAnswersAsAnnotated(initializer);
        assertAnswersItself(initializer);
        EmbeddedChannel ch = new EmbeddedChannel(initializer);
        ChannelHandler alpn = ch.pipeline().get(TlsPipeline.ALPN);
        assertAnswersAsAnnotated(alpn);
        assertAnswersItself(alpn);
        ch.finishAndReleaseAll();
    }

    /** The answer Netty would have found by reflection. */
    private static void assertAnswersAsAnnotated(ChannelHandler h) {
        if (!(h instanceof ChannelHandlerAdapter adapter)) return; // Netty asks only its adapters
        assertEquals(h.getClass().isAnnotationPresent(ChannelHandler.Sharable.class), adapter.isSharable(),
                h.getClass().getName());
    }

    /** The answer comes from Kiln's code, not from Netty's reflective default. */
    private static void assertAnswersItself(ChannelHandler h) {
        try {
            Class<?> declaring = h.getClass().getMethod("isSharable").getDeclaringClass();
            assertTrue(declaring.getName().startsWith("dev.kiln."),
                    h.getClass().getName() + " answers isSharable() through " + declaring.getName());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static List<ChannelHandler> handlers(EmbeddedChannel ch) {
        List<ChannelHandler> handlers = new ArrayList<>();
        for (String name : names(ch)) handlers.add(ch.pipeline().get(name));
        return handlers;
    }

    private static List<String> names(EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline$")).toList();
    }
}
