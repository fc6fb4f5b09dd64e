package dev.kiln.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The soak's pass criteria on made-up runs: what is flat passes, what grows fails, warm-up is not judged. */
class VerdictTest {
    private static final Verdict.Metric FDS = Verdict.METRICS.stream().filter(m -> m.name().equals("open fds")).findFirst().orElseThrow();
    private static final Verdict.Metric RSS = Verdict.METRICS.stream().filter(m -> m.name().equals("RSS")).findFirst().orElseThrow();

    /** A run of 30 samples a minute apart whose fds (and RSS in KiB) at minute {@code i} are {@code value(i)}. */
    private static List<Sample> run(LongUnaryOperator value) {
        List<Sample> samples = new ArrayList<>();
        for (long minute = 1; minute <= 30; minute++) {
            long v = value.applyAsLong(minute);
            samples.add(new Sample(minute * 60, v, 0, 0, v, 0, 0, 0, 0, 0, 0, 0));
        }
        return samples;
    }

    @Test
    void aFlatNoisyMetricPasses() {
        Verdict.Judgement j = Verdict.judge(FDS, run(m -> 100 + (m * 7919 % 11) - 5), 1800); // ±5 around 100
        assertNull(j.failure(), j.toString());
        assertEquals(100, j.median(), 5);
    }

    @Test
    void steadyGrowthFailsEvenWhenEachStepIsSmall() {
        Verdict.Judgement j = Verdict.judge(FDS, run(m -> 100 + 2 * m), 1800); // 2 a minute: 40 over the window
        assertFalse(j.flat());
        assertTrue(j.failure().startsWith("grows"), j.failure());
        assertEquals(2.0, j.slopePerMinute(), 1e-9);
    }

    @Test
    void growthDuringWarmUpIsNotJudged() {
        // climbs for the first 10 minutes, then flat: the window starts at minute 10
        Verdict.Judgement j = Verdict.judge(FDS, run(m -> m < 10 ? 10 * m : 100), 1800);
        assertNull(j.failure(), j.toString());
        assertEquals(0.0, j.slopePerMinute(), 1e-9);
    }

    @Test
    void aJumpInTheLastSampleFails() {
        Verdict.Judgement j = Verdict.judge(FDS, run(m -> m == 30 ? 130 : 100), 1800);
        assertFalse(j.flat());
        assertTrue(j.failure().startsWith("last sample"), j.failure());
    }

    @Test
    void aFallingMetricPasses() {
        Verdict.Judgement j = Verdict.judge(RSS, run(m -> 400_000 - 5_000 * m), 1800); // RSS given back: no leak
        assertNull(j.failure(), j.toString());
        assertTrue(j.slopePerMinute() < 0);
    }

    @Test
    void theToleranceIsTheLargerOfTheFractionAndTheFloor() {
        // fds around 1000: 10 % is 100, above the floor of 24; growth of 90 over the window passes, 120 fails
        assertNull(Verdict.judge(FDS, run(m -> 1000 + 90 * Math.max(0, m - 10) / 20), 1800).failure());
        assertFalse(Verdict.judge(FDS, run(m -> 1000 + 120 * Math.max(0, m - 10) / 20), 1800).flat());
        // fds around 30: the floor, 24, not 3
        assertEquals(FDS.floor(), Verdict.judge(FDS, run(m -> 30), 1800).tolerance());
    }

    @Test
    void tooFewSamplesAfterWarmUpFail() {
        List<Sample> two = run(m -> 100).subList(27, 29);
        assertFalse(Verdict.judge(FDS, two, 1800).flat());
    }

    @Test
    void theSlopeIsTheLeastSquaresOne() {
        assertEquals(0.5, Verdict.slope(new double[] {0, 1, 2, 3}, new double[] {1, 1.5, 2, 2.5}), 1e-12);
        assertEquals(0.0, Verdict.slope(new double[] {2, 2, 2}, new double[] {1, 5, 9}), 1e-12);
        assertEquals(2.0, Verdict.median(new double[] {3, 1, 2}), 1e-12);
        assertEquals(2.5, Verdict.median(new double[] {4, 1, 2, 3}), 1e-12);
    }
}
