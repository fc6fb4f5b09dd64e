package dev.kiln.server;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} response header (RFC 9110 §6.6.1), formatted at most once per second per event loop.
 *
 * <p>Not thread-safe: each event loop owns one, so the cached value is read without synchronisation.
 */
final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private long second = Long.MIN_VALUE;
    private AsciiString value;

    /** The current date in IMF-fixdate form, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    AsciiString now() {
        long millis = System.currentTimeMillis();
        long s = millis / 1000;
        if (s != second) {
            second = s;
            value = AsciiString.cached(IMF_FIXDATE.format(Instant.ofEpochSecond(s)));
        }
        return value;
    }
}
