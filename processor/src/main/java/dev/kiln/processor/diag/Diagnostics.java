package dev.kiln.processor.diag;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The processor's one way to report a {@link Problem}: a javac error or warning on the element that causes it.
 *
 * <p>Every message starts with the problem's stable tag, such as {@code [Kiln/DuplicateRoute]}, so users and
 * tests can search for it; then one sentence says what is wrong and another how to fix it. Reporting never
 * stops processing, so one build shows every problem.
 */
public final class Diagnostics {
    private final Messager messager;
    private int errors;

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** Reports {@code problem} on {@code element}, as an error or a warning as the problem says. */
    public void report(Problem problem, Element element, String message) {
        boolean error = problem.severity() == Problem.Severity.ERROR;
        if (error) errors++;
        messager.printMessage(error ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING,
                "[Kiln/" + problem.tag() + "] " + message, element);
    }

    /** How many errors were reported so far. */
    public int errorCount() {
        return errors;
    }
}
