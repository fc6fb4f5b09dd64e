package dev.kiln.processor.read;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Template models: classes and records annotated with JStachio's {@code @JStache}. JStachio's annotation processor
 * compiles each, with its mustache template, into a renderer class in the same build; a handler that returns a model
 * is answered with the page its renderer writes, as {@code text/html; charset=utf-8}, by generated code that calls
 * the renderer directly. Nothing is looked up or reflected on at run time.
 *
 * <p>JStachio is known here by name only, as the runtime is: its annotations are read as mirrors and its renderer
 * found as a type, so the processor's own path carries nothing of it. The renderer's name follows JStachio's rule:
 * {@code @JStache(name = ...)} if set; else the prefix and suffix of {@code @JStacheConfig(naming = @JStacheName(...))}
 * on the model, a class enclosing it or its package, the nearest that sets each; else the model's simple name and
 * {@code Renderer}; always in the model's package. Note that a {@code @JStacheConfig(using = ...)} or a module's
 * configuration is not followed: name such a renderer with {@code @JStache(name = ...)}.
 */
final class Templates {
    /** The annotation that makes a type a template model. */
    static final ClassName JSTACHE = ClassName.get("io.jstach.jstache", "JStache");
    static final ClassName JSTACHE_CONFIG = ClassName.get("io.jstach.jstache", "JStacheConfig");
    /**
     * What a renderer of JStachio's default kind ({@code JStacheType.JSTACHIO}) implements; its dependency-free kind
     * ({@code STACHE}) does not, and does not escape unless told how.
     */
    static final String TEMPLATE = "io.jstach.jstachio.Template";
    /** The renderer's constant naming the template's media type, {@code "text/html"} for an HTML template. */
    static final String MEDIA_TYPE = "TEMPLATE_MEDIA_TYPE";
    static final String HTML = "text/html";
    /** {@code JStacheName.UNSPECIFIED}: a prefix or suffix left to the next enclosing configuration. */
    private static final String UNSPECIFIED = "*";

    private Templates() {}

    /** The model's class when {@code type} is a template model ({@code @JStache} on its class); else null. */
    static TypeElement model(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) return null;
        TypeElement cls = (TypeElement) ((DeclaredType) type).asElement();
        return Annotations.find(cls, JSTACHE) != null ? cls : null;
    }

    /** The qualified name of the renderer JStachio generates for {@code model}. */
    static String rendererName(TypeElement model, Elements elements) {
        String pkg = elements.getPackageOf(model).getQualifiedName().toString();
        String name = Annotations.string(Annotations.find(model, JSTACHE), "name", "");
        if (name.isEmpty()) {
            String prefix = UNSPECIFIED;
            String suffix = UNSPECIFIED;
            for (Element e = model; e != null && (prefix.equals(UNSPECIFIED) || suffix.equals(UNSPECIFIED));
                    e = e.getEnclosingElement()) {
                AnnotationMirror config = Annotations.find(e, JSTACHE_CONFIG);
                if (config == null) continue;
                for (AnnotationMirror naming : Annotations.annotations(config, "naming")) {
                    if (prefix.equals(UNSPECIFIED)) prefix = Annotations.string(naming, "prefix", UNSPECIFIED);
                    if (suffix.equals(UNSPECIFIED)) suffix = Annotations.string(naming, "suffix", UNSPECIFIED);
                }
                if (e.getKind() == ElementKind.PACKAGE) break;
            }
            name = (prefix.equals(UNSPECIFIED) ? "" : prefix) + model.getSimpleName()
                    + (suffix.equals(UNSPECIFIED) ? "Renderer" : suffix);
        }
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    /**
     * Why Kiln cannot send what {@code renderer} writes as escaped HTML, or null when it can: it must be a renderer of
     * JStachio's default kind for the model, of an HTML template.
     */
    static String notHtml(TypeElement renderer, Elements elements, Types types) {
        TypeElement template = elements.getTypeElement(TEMPLATE);
        if (template == null || !types.isAssignable(types.erasure(renderer.asType()), types.erasure(template.asType()))) {
            return "is not a JStachio Template: it was generated as JStacheType.STACHE, whose renderers do not escape"
                    + " by themselves. Leave @JStacheConfig(type) at its default, JSTACHIO, and put io.jstach:jstachio"
                    + " on the class path";
        }
        for (VariableElement field : ElementFilter.fieldsIn(renderer.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals(MEDIA_TYPE)) {
                Object mediaType = field.getConstantValue();
                if (HTML.equals(mediaType)) return null;
                return "renders " + mediaType + ", not text/html, so JStachio does not escape it for HTML. Leave"
                        + " @JStacheConfig(contentType) at its default, Html";
            }
        }
        return "declares no " + MEDIA_TYPE + ", so Kiln cannot tell that it escapes for HTML. Use JStachio 1.3 or later";
    }
}
