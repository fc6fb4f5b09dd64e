package dev.kiln.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether a metric stayed flat after warm-up. The first third of the run is warm-up (the JIT, the allocator's
 * arenas, the heap finding its size) and is left out; over the rest, the <em>window</em>, a metric is flat when
 * both hold:
 *
 * <ul>
 *   <li><b>no trend</b>: the least-squares line through the window's samples rises by no more than the metric's
 *       tolerance over the window (its slope times the window's length), and
 *   <li><b>no late jump</b>: the last sample is no more than the tolerance above the window's median.
 * </ul>
 *
 * The tolerance is the larger of a fraction of the window's median and an absolute floor, per metric: the floor
 * keeps small counts (a few connections more or fewer at the moment of a sample) from failing on noise. Only growth
 * fails: a leak grows, and a metric that falls (the heap giving memory back) is no defect. A window of fewer than
 * three samples cannot show a trend and fails.
 */
final class Verdict {
    /** A metric the soak judges, in display units, with its tolerance: {@code relative} of the median, at least {@code floor}. */
    record Metric(String name, String unit, ToDoubleFunction<Sample> value, double relative, double floor) {}

    /** The judgement of one metric over the window: null {@code failure} when it is flat. */
    record Judgement(Metric metric, double first, double median, double last, double slopePerMinute, double growth,
                     double tolerance, String failure) {
        boolean flat() {
            return failure == null;
        }
    }

    private static final double MIB = 1024;

    /** The metrics of every soak and their tolerances (docs/conformance.md, "The soak", explains the figures). */
    static final List<Metric> METRICS = List.of(
            new Metric("RSS", "MiB", s -> s.rss() / MIB, 0.10, 24),
            new Metric("heap after GC", "MiB", s -> s.heap() / MIB, 0.10, 8),
            new Metric("direct memory", "MiB", s -> s.direct() / MIB, 0.10, 8),
            new Metric("open fds", "", s -> s.fds(), 0.10, 24),
            new Metric("threads", "", s -> s.threads(), 0.10, 16),
            new Metric("connections", "", s -> s.connections(), 0.10, 16));

    private Verdict() {}

    /** Each of {@link #METRICS} judged over the samples of a run of {@code duration} seconds. */
    static List<Judgement> judgeAll(List<Sample> samples, long duration) {
        List<Judgement> all = new ArrayList<>();
        for (Metric m : METRICS) all.add(judge(m, samples, duration));
        return all;
    }

    /** {@code metric} judged over the samples taken after the first third of {@code duration} seconds. */
    static Judgement judge(Metric metric, List<Sample> samples, long duration) {
        List<Sample> window = samples.stream().filter(s -> s.seconds() * 3 >= duration).toList();
        if (window.size() < 3) {
            return new Judgement(metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "only " + window.size() + " samples after warm-up; a trend needs 3");
        }
        int n = window.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = window.get(i).seconds() / 60.0;
            y[i] = metric.value().applyAsDouble(window.get(i));
        }
        double slope = slope(x, y);
        double growth = slope * (x[n - 1] - x[0]);
        double median = median(y);
        double tolerance = Math.max(metric.relative() * median, metric.floor());
        String failure = null;
        if (growth > tolerance) {
            failure = String.format("grows %.1f%s over the window, above the tolerance of %.1f", growth, metric.unit(), tolerance);
        } else if (y[n - 1] - median > tolerance) {
            failure = String.format("last sample %.1f%s is %.1f above the median %.1f, more than the tolerance of %.1f",
                    y[n - 1], metric.unit(), y[n - 1] - median, median, tolerance);
        }
        return new Judgement(metric, y[0], median, y[n - 1], slope, growth, tolerance, failure);
    }

    /** The slope of the least-squares line through ({@code x}, {@code y}); 0 when every x is the same. */
    static double slope(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
