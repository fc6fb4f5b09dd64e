package dev.kiln.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The processor's one way to report a problem: a javac error or warning on the element that causes it.
 *
 * <p>Every message starts with a stable tag such as {@code [Kiln/RouteConflict]}, so users and tests can
 * search for it; then one sentence says what is wrong and another how to fix it. Reporting never stops
 * processing, so one build shows every problem.
 */
public final class Diagnostics {
    private final Messager messager;
    private int errors;

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** Reports an error on {@code element}; {@code tag} is the part after {@code Kiln/}. */
    public void error(Element element, String tag, String message) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, format(tag, message), element);
    }

    /** Reports a warning on {@code element}. */
    public void warning(Element element, String tag, String message) {
        messager.printMessage(Diagnostic.Kind.WARNING, format(tag, message), element);
    }

    /** How many errors were reported so far. */
    public int errorCount() {
        return errors;
    }

    private static String format(String tag, String message) {
        return "[Kiln/" + tag + "] " + message;
    }
}
