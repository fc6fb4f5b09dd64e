package dev.kiln.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build runs every test with Netty's leak detector at PARANOID and {@link LeakRecorder} installed; this shows
 * both took effect, so that the suites' "no leak" checks are not vacuous.
 */
class LeakRecorderTest {

    @Test
    void paranoidDetectionRecordsALeakedBuffer() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "surefire sets io.netty.leakDetection.level=paranoid");
        LeakRecorder.assertNoLeaks();
        leakOneBuffer();
        assertTrue(LeakRecorder.isInstalled(), "surefire sets io.netty.customResourceLeakDetector");
        List<String> leaks = List.of();
        for (int attempt = 0; attempt < 20 && leaks.isEmpty(); attempt++) leaks = LeakRecorder.collect();
        try {
            assertFalse(leaks.isEmpty(), "the leaked buffer was reported");
            assertTrue(leaks.get(0).contains("ByteBuf") && leaks.get(0).contains("kiln-deliberate-leak"), leaks.get(0));
        } finally {
            LeakRecorder.clear();
        }
    }

    /** Allocates a buffer and drops it unreleased; in its own frame so that nothing keeps it reachable. */
    private static void leakOneBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buf.writeInt(42);
        buf.touch("kiln-deliberate-leak");
    }
}
