package dev.kiln.processor.read;

import com.palantir.javapoet.ClassName;
import dev.kiln.processor.contract.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/** Reads annotation values from mirrors, so that no annotation or user class is ever loaded. */
final class Annotations {
    private Annotations() {}

    /** The mirror of {@code annotation} on {@code element}, or null. */
    static AnnotationMirror find(Element element, ClassName annotation) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotation.canonicalName())) return mirror;
        }
        return null;
    }

    /** The mirror of the annotation that declares {@code member} on {@code element}, or null. */
    static AnnotationMirror find(Element element, Member member) {
        return find(element, member.owner());
    }

    /** A member's value as text, or {@code fallback} when it is not set explicitly. */
    static String string(AnnotationMirror mirror, Member member, String fallback) {
        AnnotationValue value = member(mirror, member.name());
        return value == null ? fallback : String.valueOf(value.getValue());
    }

    /** A member's value, named as a string (for annotations of other libraries), as text; {@code fallback} when not set. */
    static String string(AnnotationMirror mirror, String member, String fallback) {
        AnnotationValue value = member(mirror, member);
        return value == null ? fallback : String.valueOf(value.getValue());
    }

    /** An annotation-array member's annotations, in the order written; empty when not set. */
    static List<AnnotationMirror> annotations(AnnotationMirror mirror, String member) {
        List<AnnotationMirror> annotations = new ArrayList<>();
        AnnotationValue value = member(mirror, member);
        if (value == null) return annotations;
        Object v = value.getValue();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (((AnnotationValue) item).getValue() instanceof AnnotationMirror a) annotations.add(a);
            }
        } else if (v instanceof AnnotationMirror a) {
            annotations.add(a);
        }
        return annotations;
    }

    /**
     * A {@code Class<?>[]} member's values as javac gives them, in the order written: a {@code TypeMirror} for each
     * class (of kind {@code ERROR} for one that does not exist), or some other object for what javac could not read.
     */
    static List<Object> classValues(AnnotationMirror mirror, Member member) {
        List<Object> values = new ArrayList<>();
        AnnotationValue value = member(mirror, member.name());
        if (value == null) return values;
        Object v = value.getValue();
        if (v instanceof List<?> list) {
            for (Object item : list) values.add(((AnnotationValue) item).getValue());
        } else {
            values.add(v);
        }
        return values;
    }

    /** A {@code Class<?>[]} member's types, in the order written. */
    static List<TypeMirror> types(AnnotationMirror mirror, Member member) {
        List<TypeMirror> types = new ArrayList<>();
        for (Object value : classValues(mirror, member)) {
            if (value instanceof TypeMirror type) types.add(type);
        }
        return types;
    }

    private static AnnotationValue member(AnnotationMirror mirror, String member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member)) return e.getValue();
        }
        return null;
    }
}
