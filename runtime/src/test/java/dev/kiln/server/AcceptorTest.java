package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The listening socket's handler, which stands in for Netty's {@code ServerBootstrap}: what it does beyond handing
 * connections on (which every socket test shows) is pausing when accepting fails, and answering
 * {@code isSharable()} without reflection. {@link TransportTest} covers the listeners it binds.
 */
class AcceptorTest {
    @Test
    void acceptingPausesForASecondAfterItFailed() {
        EmbeddedChannel listener = new EmbeddedChannel();
        listener.pipeline().addLast(new Acceptor(null, new ChannelInboundHandlerAdapter(), listener));
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        assertFalse(listener.config().isAutoRead(), "no accepting for now: it would fail again at once");
        listener.advanceTimeBy(Acceptor.PAUSE_SECONDS * 1000 - 1, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertFalse(listener.config().isAutoRead(), "still paused just before the second is up");
        listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertTrue(listener.config().isAutoRead(), "accepting again after a second");
        listener.checkException(); // the failure stopped at the acceptor, logged, not thrown on
        assertFalse(listener.finish());
    }

    @Test
    void itAnswersIsSharableAsItsAnnotationWouldItself() throws Exception {
        EmbeddedChannel listener = new EmbeddedChannel();
        ChannelHandlerAdapter acceptor = new Acceptor(null, new ChannelInboundHandlerAdapter(), listener);
        assertEquals(Acceptor.class.isAnnotationPresent(ChannelHandler.Sharable.class), acceptor.isSharable());
        assertEquals(Acceptor.class, Acceptor.class.getMethod("isSharable").getDeclaringClass());
        listener.finish();
    }
}
