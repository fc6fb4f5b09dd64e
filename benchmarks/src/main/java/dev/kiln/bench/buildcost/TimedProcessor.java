package dev.kiln.bench.buildcost;

import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A processor that passes every call to another and adds up the wall time of its {@code init} and {@code process}
 * calls: the processor's own time, apart from what javac does around it. It knows nothing of the processor it
 * wraps. The time includes the files the processor writes through the {@code Filer}, which a build pays for too.
 */
final class TimedProcessor implements Processor {
    private final Processor delegate;
    private long initNanos;
    private long processNanos;
    private int rounds;

    TimedProcessor(Processor delegate) {
        this.delegate = delegate;
    }

    long initNanos() {
        return initNanos;
    }

    long processNanos() {
        return processNanos;
    }

    /** How many times javac called {@code process}: once per round in which the processor took part. */
    int rounds() {
        return rounds;
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public void init(ProcessingEnvironment env) {
        long started = System.nanoTime();
        try {
            delegate.init(env);
        } finally {
            initNanos += System.nanoTime() - started;
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        long started = System.nanoTime();
        try {
            return delegate.process(annotations, round);
        } finally {
            processNanos += System.nanoTime() - started;
            rounds++;
        }
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                                                         ExecutableElement member, String userText) {
        return delegate.getCompletions(element, annotation, member, userText);
    }

    @Override
    public String toString() {
        return delegate.getClass().getName();
    }
}
