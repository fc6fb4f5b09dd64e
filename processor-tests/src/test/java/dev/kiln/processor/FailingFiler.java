package dev.kiln.processor;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Runs a processor with a {@link Filer} that refuses to create any file ({@code IOException: disk full}), as a
 * full disk or a read-only output directory would: what the processor does when writing fails.
 */
final class FailingFiler implements Filer {
    /** {@code processor}, initialised with an environment whose filer always fails. */
    static Processor around(Processor processor) {
        return CompiledApp.withInit(processor, env -> processor.init(new Environment(env)));
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements) throws IOException {
        throw new IOException("disk full");
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... originatingElements) throws IOException {
        throw new IOException("disk full");
    }

    @Override
    public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                                     CharSequence relativeName, Element... originatingElements) throws IOException {
        throw new IOException("disk full");
    }

    @Override
    public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                                  CharSequence relativeName) throws IOException {
        throw new IOException("disk full");
    }

    /** javac's environment with this filer instead of its own. */
    private record Environment(ProcessingEnvironment javac) implements ProcessingEnvironment {
        @Override public Map<String, String> getOptions() { return javac.getOptions(); }
        @Override public Messager getMessager() { return javac.getMessager(); }
        @Override public Filer getFiler() { return new FailingFiler(); }
        @Override public Elements getElementUtils() { return javac.getElementUtils(); }
        @Override public Types getTypeUtils() { return javac.getTypeUtils(); }
        @Override public SourceVersion getSourceVersion() { return javac.getSourceVersion(); }
        @Override public Locale getLocale() { return javac.getLocale(); }
    }
}
