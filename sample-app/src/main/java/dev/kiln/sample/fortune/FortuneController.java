package dev.kiln.sample.fortune;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import java.util.Comparator;
import java.util.List;

/**
 * TechEmpower's fortunes test, by its rules: read every fortune per request, add one at request time, sort by
 * message, render an HTML table from a template, escaping every message.
 */
@Controller
public final class FortuneController {
    /** The row TechEmpower's test adds at request time. */
    static final Fortune ADDED = new Fortune(0, "Additional fortune added at request time.");
    /**
     * Written out rather than {@code Comparator.comparing(Fortune::message)}, whose own lambda is serializable: the
     * JDK 25 AOT cache does not keep such lambdas, and linking it cost some 3 ms of start-up.
     */
    private static final Comparator<Fortune> BY_MESSAGE = (a, b) -> a.message().compareTo(b.message());

    private final FortuneStore store;

    /** With the sample's in-memory store, so the generated router can make it. */
    public FortuneController() {
        this(new FortuneStore());
    }

    public FortuneController(FortuneStore store) {
        this.store = store;
    }

    @Get("/fortunes")
    public FortunesPage fortunes() {
        List<Fortune> fortunes = store.readAll();
        fortunes.add(ADDED);
        fortunes.sort(BY_MESSAGE);
        return new FortunesPage(fortunes);
    }
}
