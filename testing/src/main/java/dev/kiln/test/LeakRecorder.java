package dev.kiln.test;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Netty {@link ResourceLeakDetector} that remembers every leak it reports, so that a test suite can fail on
 * a leaked buffer instead of leaving a line in the log.
 *
 * <p>Netty creates its detectors when its classes load, so this one is installed by a system property, before
 * any of them: {@code -Dio.netty.customResourceLeakDetector=dev.kiln.test.LeakRecorder}, best together with
 * {@code -Dio.netty.leakDetection.level=paranoid} so that every buffer is tracked. Kiln's own build sets both for
 * every test run. A test then calls {@link #assertNoLeaks()} after it has stopped its servers.
 *
 * <p>Netty notices a leak only when the garbage collector has freed the leaked object and a detector next tracks
 * something; {@link #collect()} makes both happen.
 *
 * @param <T> the type of resource the detector watches
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
    /** How many collect-and-poll rounds {@link #collect()} runs: a leaked buffer may need more than one GC. */
    private static final int COLLECT_ROUNDS = 3;
    private static final List<LeakRecorder<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    /** The constructor Netty's factory calls for {@code io.netty.customResourceLeakDetector}. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        DETECTORS.add(this);
    }

    /** The constructor older Netty factories call; {@code maxActive} has long been ignored. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether Netty created at least one detector of this class, that is, whether the property took effect. */
    public static boolean isInstalled() {
        return !DETECTORS.isEmpty();
    }

    /** Runs the garbage collector and has every detector report what it freed; returns every leak so far. */
    public static List<String> collect() {
        for (int round = 0; round < COLLECT_ROUNDS; round++) {
            System.gc();
            try {
                Thread.sleep(40); // the reference handler thread enqueues the freed trackers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (LeakRecorder<?> detector : DETECTORS) detector.poll();
        }
        return List.copyOf(LEAKS);
    }

    /**
     * The leaks reported so far, without running the collector: those Netty noticed while it tracked new buffers.
     * Cheap enough to check after every input of a fuzz test; {@link #assertNoLeaks} finds the rest.
     */
    public static List<String> reported() {
        return List.copyOf(LEAKS);
    }

    /** Fails with every leak's report when Netty has found one. */
    public static void assertNoLeaks() {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty resource leak(s):\n" + String.join("\n\n", leaks));
        }
    }

    /** Forgets the leaks found so far: for a test that leaks on purpose to show the recorder works. */
    public static void clear() {
        LEAKS.clear();
    }

    /** Tracking an object is what makes a detector drain its queue of freed trackers and report the leaks. */
    private void poll() {
        @SuppressWarnings("unchecked") // the tracker holds the probe as an Object; nothing reads it as a T
        T probe = (T) new Object();
        ResourceLeakTracker<T> tracker = trackForcibly(probe);
        tracker.close(probe);
    }

    @Override
    protected boolean needReport() {
        return true; // report even where Netty's own logger is off
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked; recent access records:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (no access records: raise io.netty.leakDetection.level to see them)");
        super.reportUntracedLeak(resourceType);
    }
}
