package dev.kiln.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients did: well-formed requests answered right, wrong answers (with the first few described),
 * and faults injected by kind. Faults are counted, never judged. Thread-safe.
 */
final class Tally {
    /** How many wrong answers are described; the rest are only counted. */
    static final int DESCRIBED = 20;

    private final LongAdder ok = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final List<String> described = new ArrayList<>();

    /** Checks {@code reply} to {@code ask}: counts it right or wrong. A null reply is a connection closed unasked. */
    void check(Ask ask, Conn.Reply reply) {
        String problem = reply == null ? "the connection closed without an answer" : ask.check().apply(reply);
        if (problem == null) {
            ok.increment();
            byRoute.computeIfAbsent(ask.name(), k -> new LongAdder()).increment();
        } else {
            wrong(ask.name(), problem);
        }
    }

    /** A well-formed request answered wrongly, not at all, or too late. */
    void wrong(String name, String problem) {
        wrong.increment();
        synchronized (described) {
            if (described.size() < DESCRIBED) described.add(Soak.clock() + " " + name + ": " + problem);
        }
    }

    /** A right answer that was checked outside {@link #check}. */
    void right(String name) {
        ok.increment();
        byRoute.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    void fault(String kind) {
        faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long ok() {
        return ok.sum();
    }

    long wrong() {
        return wrong.sum();
    }

    long faults() {
        return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    List<String> described() {
        synchronized (described) {
            return List.copyOf(described);
        }
    }

    Map<String, Long> byRoute() {
        Map<String, Long> sorted = new TreeMap<>();
        byRoute.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    Map<String, Long> faultsByKind() {
        Map<String, Long> sorted = new TreeMap<>();
        faults.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
