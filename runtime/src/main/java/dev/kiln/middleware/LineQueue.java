package dev.kiln.middleware;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers (event loops, workers) and one consumer (a writer thread), without locks: a
 * producer claims a slot with one compare-and-set and publishes into it; when the queue is full {@link #offer} says
 * so at once instead of waiting. Nothing is allocated per element. The consumer is never signalled: it polls, so a
 * producer makes no system call to wake it.
 *
 * <p>The ring of slots is a power of two. Order is kept: the consumer takes the slots in the order they were claimed,
 * and a slot claimed but not yet published stops it there until it is.
 */
final class LineQueue<E> {
    private final AtomicReferenceArray<E> slots;
    private final int mask;
    /** The next position a producer claims. */
    private final AtomicLong tail = new AtomicLong();
    /** The next position the consumer takes; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();

    /** A queue of at least {@code capacity} slots (rounded up to a power of two). */
    LineQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) throw new IllegalArgumentException("capacity " + capacity);
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) size <<= 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** How many elements it holds when full. */
    int capacity() {
        return mask + 1;
    }

    /** Adds {@code e} at the tail, or returns false at once when the queue is full. Any thread. */
    boolean offer(E e) {
        while (true) {
            long t = tail.get();
            if (t - head.get() > mask) return false;
            if (tail.compareAndSet(t, t + 1)) {
                slots.setRelease((int) t & mask, e); // the consumer's getAcquire sees the element's fields too
                return true;
            }
        }
    }

    /** Takes the element at the head, or null when there is none yet. The consumer's thread only. */
    E poll() {
        long h = head.getPlain();
        int i = (int) h & mask;
        E e = slots.getAcquire(i);
        if (e == null) return null; // empty, or its producer has claimed the slot but not yet published
        slots.setPlain(i, null);
        head.setRelease(h + 1); // after the slot is emptied, so a producer that sees the room finds it empty
        return e;
    }

    /** Whether every element offered so far has been taken. */
    boolean isEmpty() {
        return tail.get() == head.get();
    }
}
