package dev.kiln.sample;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The log of the sample app run as a process by a test: where it says which port it listens on. */
final class AppLog {
    private static final Pattern LISTENING = Pattern.compile("Kiln serving \\d+ routes on [^:]+:(\\d+) ");

    private AppLog() {}

    /** The port the app's start-up line names, once it is in {@code log}; fails after 20 s with the log so far. */
    static int awaitPort(List<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : log) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the app did not start:\n" + String.join("\n", log));
    }

    /** Whether a line containing {@code text} reaches {@code log} within 5 s (lines after the start-up line come later). */
    static boolean awaitLine(List<String> log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            if (log.stream().anyMatch(line -> line.contains(text))) return true;
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
