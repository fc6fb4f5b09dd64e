package dev.kiln.server;

import static dev.kiln.server.ConnectionState.BETWEEN_REQUESTS;
import static dev.kiln.server.ConnectionState.BUSY;
import static dev.kiln.server.ConnectionState.CLOSING;
import static dev.kiln.server.ConnectionState.COMPLETED_IN_READ;
import static dev.kiln.server.ConnectionState.CONTINUE_OWED;
import static dev.kiln.server.ConnectionState.DRAINING;
import static dev.kiln.server.ConnectionState.IN_BODY;
import static dev.kiln.server.ConnectionState.IN_HEAD;
import static dev.kiln.server.ConnectionState.IN_READ;
import static dev.kiln.server.ConnectionState.UNFLUSHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection's state machine, transition by transition, as the table in {@link ConnectionState} lists it. */
class ConnectionStateTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionState state = new ConnectionState() {
        @Override
        void checkTimeouts(long now, long headerTimeout, long idleTimeout) {}

        @Override
        void drain() {}

        @Override
        void closeNow() {}
    };

    @Test
    void aConnectionStartsBetweenRequestsWithNoFlagSet() {
        assertEquals(BETWEEN_REQUESTS, state.phase());
        for (int flag : new int[] {COMPLETED_IN_READ, IN_READ, UNFLUSHED, BUSY, CONTINUE_OWED, CLOSING, DRAINING}) {
            assertFalse(state.is(flag));
        }
    }

    @Test
    void theFlagsAreDistinctBitsOutsideThePhase() {
        int seen = IN_HEAD | IN_BODY;
        for (int flag : new int[] {COMPLETED_IN_READ, IN_READ, UNFLUSHED, BUSY, CONTINUE_OWED, CLOSING, DRAINING}) {
            assertEquals(1, Integer.bitCount(flag));
            assertEquals(0, seen & flag);
            seen |= flag;
        }
    }

    @Test
    void aReadThatCompletesNoRequestStartsAHeadAndTheHeadThenTheBody() {
        state.readStarted();
        assertTrue(state.is(IN_READ));
        state.readComplete();
        assertFalse(state.is(IN_READ));
        assertEquals(IN_HEAD, state.phase());
        assertTrue(state.midRequest());
        state.headReceived();
        assertEquals(IN_BODY, state.phase());
        state.requestReceived();
        assertEquals(BETWEEN_REQUESTS, state.phase());
        assertFalse(state.midRequest());
    }

    @Test
    void aReadThatCompletedARequestStartsNoHead() {
        state.headReceived();
        state.requestReceived();
        assertTrue(state.is(COMPLETED_IN_READ));
        state.readComplete();
        assertEquals(BETWEEN_REQUESTS, state.phase(), "the bytes read were the end of a request, not a new head");
        assertFalse(state.is(COMPLETED_IN_READ));
        state.readComplete();
        assertEquals(IN_HEAD, state.phase(), "the next read that completes nothing does");
    }

    @Test
    void flushesAndContinuesAreTakenOnce() {
        state.wroteInRead();
        assertTrue(state.takeUnflushed());
        assertFalse(state.takeUnflushed());
        state.oweContinue();
        assertTrue(state.takeContinueOwed());
        assertFalse(state.takeContinueOwed());
    }

    @Test
    void holdingAndClosingAreFlagsOfTheirOwn() {
        state.hold();
        assertTrue(state.is(BUSY));
        state.unhold();
        assertFalse(state.is(BUSY));
        state.stopAccepting();
        state.startDraining();
        assertTrue(state.is(CLOSING) && state.is(DRAINING));
        assertEquals(BETWEEN_REQUESTS, state.phase(), "no flag touches the phase");
    }

    @Test
    void theHeaderTimeoutRunsOnlyWhileAHeadIsUnderWayAndTheIdleTimeoutAlways() {
        long start = System.nanoTime();
        assertNull(state.expired(start, SECOND, 60 * SECOND));
        state.readComplete(); // a head begins
        long later = System.nanoTime() + 2 * SECOND;
        assertTrue(state.expired(later, SECOND, 60 * SECOND).startsWith("request head not complete after 1000 ms"));
        state.headReceived();
        assertNull(state.expired(later, SECOND, 60 * SECOND), "the head is in: no header timeout");
        assertTrue(state.expired(later + 60 * SECOND, SECOND, 60 * SECOND).startsWith("idle for 60000 ms"));
    }

    @Test
    void unholdingRestartsTheClocks() throws InterruptedException {
        long timeout = TimeUnit.MILLISECONDS.toNanos(40);
        state.readComplete(); // a head begins
        state.hold();
        Thread.sleep(60); // the work off the loop takes longer than the header timeout
        state.unhold(); // the client was waiting for the server: its head gets its whole timeout from now
        long soon = System.nanoTime() + timeout / 2;
        assertNull(state.expired(soon, timeout, 60 * SECOND));
        assertTrue(state.expired(soon + timeout, timeout, 60 * SECOND) != null);
    }
}
