package dev.kiln.sample.stream;

import dev.kiln.sse.EventStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends every open event stream of {@code /events} one event a second, from one thread for all of them: the event's
 * id is the tick's number, so a browser that reconnects with {@code Last-Event-ID} is told what it missed. A slow
 * client misses ticks rather than holding the others up ({@link EventStream#offer}).
 */
public final class Ticker {
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sample-ticker");
        t.setDaemon(true);
        return t;
    });
    private volatile long tick;

    public Ticker() {
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The number of the last tick. */
    public long now() {
        return tick;
    }

    /** Sends {@code events} every tick from now until it closes. */
    public void add(EventStream events) {
        streams.add(events);
        events.onClose(() -> streams.remove(events));
    }

    /** How many streams are open. */
    public int open() {
        return streams.size();
    }

    private void tick() {
        long n = ++tick;
        EventStream.Event event = EventStream.Event.of("tick " + n).named("tick").withId(Long.toString(n));
        for (EventStream events : streams) events.offer(event);
    }
}
