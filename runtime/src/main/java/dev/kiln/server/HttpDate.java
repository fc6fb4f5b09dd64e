package dev.kiln.server;

import io.netty.util.AsciiString;

/**
 * The {@code Date} response header (RFC 9110 §6.6.1), formatted at most once per second per event loop.
 *
 * <p>The IMF-fixdate is written from the epoch second by hand rather than with {@code java.time}'s
 * {@code DateTimeFormatter}, whose first use loads some 150 classes on the first request a server answers.
 *
 * <p>Not thread-safe: each event loop owns one, so the cached value is read without synchronisation.
 */
final class HttpDate {
    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01 was a Thursday
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private long second = Long.MIN_VALUE;
    private AsciiString value;

    /** The current date in IMF-fixdate form, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    AsciiString now() {
        long s = System.currentTimeMillis() / 1000;
        if (s != second) {
            second = s;
            value = new AsciiString(format(s));
        }
        return value;
    }

    /** {@code epochSecond} (at or after 1970) as an IMF-fixdate. */
    static String format(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        // Civil date from a day count, in 400-year eras of 146,097 days that start on 1 March (H. Hinnant).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
        twoDigits(sb, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
        twoDigits(sb, secondOfDay / 3600).append(':');
        twoDigits(sb, secondOfDay / 60 % 60).append(':');
        return twoDigits(sb, secondOfDay % 60).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
