package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.DefaultChannelId;
import org.junit.jupiter.api.Test;

/**
 * Kiln hands Netty the process id for its channel ids ({@code io.netty.processId}), which Netty would otherwise read
 * through reflection at some start-up cost: the ids must carry the real one, as they did when Netty read it.
 */
class NettyProcessIdTest {
    @Test
    void channelIdsCarryThisProcesssId() {
        new KilnServer(TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build());
        long pid = ProcessHandle.current().pid();
        assertEquals(Long.toString(pid), System.getProperty(KilnServer.NETTY_PROCESS_ID_PROPERTY));
        // machine id - process id - sequence - time - random, each in hex
        String[] id = DefaultChannelId.newInstance().asLongText().split("-");
        assertEquals(String.format("%08x", pid), id[1]);
    }
}
