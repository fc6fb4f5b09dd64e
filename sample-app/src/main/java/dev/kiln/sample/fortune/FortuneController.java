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
    private static final Comparator<Fortune> BY_MESSAGE = Comparator.comparing(Fortune::message);

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
