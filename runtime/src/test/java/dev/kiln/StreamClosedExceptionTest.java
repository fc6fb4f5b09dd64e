package dev.kiln;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Which failures say the client went away: one, or one among the causes, as a handler's code rethrows it. */
class StreamClosedExceptionTest {
    @Test
    void theClientWentAwayWhenOneIsAmongTheCauses() {
        StreamClosedException gone = new StreamClosedException("gone");
        assertTrue(StreamClosedException.isCauseOf(gone));
        assertTrue(StreamClosedException.isCauseOf(new UncheckedIOException(new IOException("read failed", gone))));
        assertFalse(StreamClosedException.isCauseOf(new IllegalStateException("a bug")));
        assertFalse(StreamClosedException.isCauseOf(new UncheckedIOException(new IOException("disk full"))));
        assertFalse(StreamClosedException.isCauseOf(null));
    }

    @Test
    void aCycleOfCausesEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b); // a -> b -> a -> ...
        assertFalse(StreamClosedException.isCauseOf(a));
    }
}
