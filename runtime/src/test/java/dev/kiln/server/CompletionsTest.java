package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.routing.Methods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a read's held completions tell the observer: every field as it was added, in order, timed at the tell. */
class CompletionsTest {
    private final List<String> told = new ArrayList<>();
    private final ServerObserver observer = (route, method, status, nanos, in, out) ->
            told.add(route + " " + method + " " + status + " " + nanos + " " + in + " " + out);
    private final Completions completions = new Completions();

    @Test
    void eachCompletionIsToldAsAddedWithItsDurationToTheTell() {
        completions.add(observer, 3, Methods.GET, 200, 1_000, 0, 13);
        completions.add(observer, ServerObserver.NO_ROUTE, Methods.NONE, 400, 1_000, 0, 90);
        completions.add(observer, 0, Methods.OPTIONS, 599, 1_500, Long.MAX_VALUE / 2, 0);
        assertTrue(told.isEmpty(), "nothing is told before the read ends");
        completions.tell(5_000);
        assertEquals(List.of("3 1 200 4000 0 13", "-1 0 400 4000 0 90", "0 64 599 3500 " + Long.MAX_VALUE / 2 + " 0"),
                told);
        assertTrue(completions.isEmpty());
        completions.tell(9_000);
        assertEquals(3, told.size(), "told once");
    }

    @Test
    void aReadWithMoreRequestsThanItHoldsTellsTheFirstOnesEarly() {
        for (int k = 0; k < Completions.CAPACITY + 5; k++) completions.add(observer, k, Methods.GET, 200, 0, 0, 0);
        assertEquals(Completions.CAPACITY, told.size(), "told when full, to make room");
        completions.tell(1);
        assertEquals(Completions.CAPACITY + 5, told.size());
        for (int k = 0; k < told.size(); k++) assertTrue(told.get(k).startsWith(k + " 1 200 "), told.get(k));
    }

    /** One loop's completions serve its connections in turn; another connection's observer gets its own. */
    @Test
    void completionsForAnotherObserverTellTheHeldOnesToTheirsFirst() {
        List<String> other = new ArrayList<>();
        ServerObserver second = (route, method, status, nanos, in, out) -> other.add(route + " " + status);
        completions.add(observer, 1, Methods.GET, 200, System.nanoTime(), 0, 0);
        completions.add(second, 2, Methods.GET, 404, 0, 0, 0);
        assertEquals(1, told.size(), "the first observer's, told when the second's came");
        assertTrue(told.get(0).startsWith("1 1 200 "), told.get(0));
        assertTrue(other.isEmpty());
        completions.tell(7);
        assertEquals(List.of("2 404"), other);
        assertEquals(1, told.size());
    }

    @Test
    void eachEventLoopHasOne() throws Exception {
        Completions here = Completions.ofThisLoop();
        assertTrue(here == Completions.ofThisLoop());
        Completions[] there = new Completions[1];
        Thread t = new Thread(() -> there[0] = Completions.ofThisLoop());
        t.start();
        t.join();
        assertTrue(there[0] != null && there[0] != here);
    }
}
