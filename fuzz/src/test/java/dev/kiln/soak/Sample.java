package dev.kiln.soak;

/**
 * One reading of the server, {@code seconds} into the soak: memory in KiB ({@code rss}, {@code heap} after a full
 * collection, {@code direct}), open descriptors, threads, open connections (not the probe's) and {@code @Blocking}
 * work running, and the running totals: leak reports, right and wrong answers, faults injected.
 */
record Sample(long seconds, long rss, long heap, long direct, long fds, long threads, long connections, long blocking,
              long leaks, long ok, long wrong, long faults) {}
