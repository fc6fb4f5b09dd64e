package dev.kiln.metrics.prometheus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The rows an event loop counts into ({@link RequestMetrics.Shard}): a route's row of methods, and a method's
 * counters and rows of durations by status. One writer, the loop; any number of readers, the scrapes. Counters are
 * {@code long}s written and read as opaque (plain moves on x86 and ARM, but never torn, and not kept in a register),
 * and a new row is published with a release store, so a scrape sees it whole.
 */
final class Rows {
    /** Indexes in a method row's counters. */
    static final int BYTES_IN = 0;
    static final int BYTES_OUT = 1;
    static final int ABANDONED = 2;
    static final int COUNTERS = 3;
    /** Method rows per route: the seven methods a route can have, and the rest. */
    static final int METHODS = 8;
    /** Status rows per method: 100 to 599. */
    static final int MIN_STATUS = 100;
    static final int STATUSES = 500;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private Rows() {}

    /** Adds {@code n} to {@code row[index]}; only the row's loop calls this. */
    static void add(long[] row, int index, long n) {
        LONGS.setOpaque(row, index, (long) LONGS.getOpaque(row, index) + n);
    }

    /** {@code row[index]}, as a scrape reads it. */
    static long get(long[] row, int index) {
        return (long) LONGS.getOpaque(row, index);
    }

    /** What {@link RequestMetrics.Shard#forEachRow} hands each method row to. */
    interface RowVisitor {
        void visit(String route, int methodIndex, MethodRow row);
    }

    /** One route's rows, by method index ({@link RequestMetrics#methodIndex}). */
    static final class RouteRow {
        final String label;
        final AtomicReferenceArray<MethodRow> byMethod = new AtomicReferenceArray<>(METHODS);

        RouteRow(String label) {
            this.label = label;
        }

        MethodRow method(int bit) {
            int k = RequestMetrics.methodIndex(bit);
            MethodRow m = byMethod.getPlain(k);
            if (m == null) {
                m = new MethodRow(RequestMetrics.methodLabel(bit));
                byMethod.setRelease(k, m);
            }
            return m;
        }
    }

    /** One route and method: its counters, and a row of durations per status. */
    static final class MethodRow {
        final String method;
        final long[] counts = new long[COUNTERS];
        /** By status less 100: the bucket counts, +Inf last, then the sum of the durations in nanoseconds. */
        final AtomicReferenceArray<long[]> byStatus = new AtomicReferenceArray<>(STATUSES);

        MethodRow(String method) {
            this.method = method;
        }

        /** The row of {@code status} ({@code width} longs), made on first use; a status out of 100–599 counts as 500. */
        long[] status(int status, int width) {
            int k = status - MIN_STATUS;
            if (k < 0 || k >= STATUSES) k = 500 - MIN_STATUS;
            long[] row = byStatus.getPlain(k);
            if (row == null) {
                row = new long[width];
                byStatus.setRelease(k, row);
            }
            return row;
        }
    }
}
