package dev.kiln.processor.read;

import com.palantir.javapoet.ClassName;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Whether avaje-jsonb, the library of the runtime's default JSON codec, will have an adapter at run time for a
 * type a route reads or writes as JSON, as far as the compilation shows: a missing one is then a javac diagnostic
 * on the handler instead of an {@code IllegalArgumentException} when the routes are built at start-up.
 *
 * <p>avaje-jsonb 3.8 has adapters built in ({@code CoreAdapterBuilder} lists its factories) for the types of
 * {@link #BUILT_IN}, every enum, and arrays, {@code List}, {@code Set}, {@code Collection}, {@code Optional} and
 * {@code Map} keyed by String or an enum, of types it has adapters for; for nothing else, not even
 * {@code ArrayList}. Any other type needs an adapter that avaje-jsonb-generator writes or that the application
 * registers. The generator writes one for a type that is annotated {@code @Json}, named by a {@code @Json.Import},
 * the target of a {@code @Json.MixIn} or has a {@code @Json.Value} method, and for the types of the fields of those
 * and of their {@code @Json.SubType}s (it "cascades"), though not for a subtype itself, which only its supertype's
 * adapter writes; a class implementing {@code JsonAdapter<T>} (a {@code @CustomAdapter}) is one for {@code T}. An
 * adapter generated in an earlier build, or shipped in a jar beside its type, is found by the generator's naming:
 * {@code FooJsonAdapter} in {@code Foo}'s package or in its {@code jsonb} subpackage.
 *
 * <p>What the compilation shows decides how sure a finding is. A type declared in its sources, with none of
 * those, has no adapter, sure enough for an error, unless the sources have an adapter factory or component of
 * their own that might make one at run time. A type from the class path may have an adapter that its jar's
 * component registers, and a JDK type one that the application registers by hand: those are only doubtful. Note
 * that an adapter added to a {@code Jsonb} by hand as an anonymous class or a lambda factory is not seen; such an
 * application compiles with {@code -Akiln.json=none}. Nothing is loaded; annotations are read from mirrors, by
 * the names in {@link RuntimeContract}.
 */
public final class JsonAdapters {
    /** Types avaje-jsonb 3.8 has an adapter for built in, by qualified name (each exactly, not its subtypes). */
    private static final Set<String> BUILT_IN = Set.of(
            // avaje-json-core's BaseAdapters
            "java.lang.Boolean", "java.lang.Double", "java.lang.Float", "java.lang.Integer", "java.lang.Long",
            "java.lang.String",
            // BasicTypeAdapters
            "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Object", "java.util.UUID",
            "java.net.URL", "java.net.URI", "java.util.Properties", "java.net.InetAddress", "java.net.Inet4Address",
            "java.net.Inet6Address", "java.lang.StackTraceElement", "java.lang.Throwable",
            // JavaTimeAdapters
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime",
            "java.time.MonthDay", "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.Period",
            "java.time.Year", "java.time.YearMonth", "java.time.ZonedDateTime", "java.time.ZoneId",
            "java.time.ZoneOffset", "java.util.Date", "java.time.Duration", "java.util.Calendar",
            // MathAdapters, OptionalAdapters
            "java.math.BigDecimal", "java.math.BigInteger", "java.util.OptionalInt", "java.util.OptionalDouble",
            "java.util.OptionalLong");

    /** What avaje-jsonb reads and writes as their type argument: an array of it, or it or null. */
    private static final Set<String> CONTAINERS = Set.of("java.util.List", "java.util.Set", "java.util.Collection",
            "java.util.Optional");

    private final Elements elements;
    private final Types types;
    private final boolean enabled;
    /** The top-level types of the compilation's sources, by qualified name. */
    private final Set<String> sources = new HashSet<>();
    /** Types an adapter is generated or written for in this compilation. */
    private final Set<String> covered = new HashSet<>();
    /** Of those, the ones the generator cascades from: their fields' types get adapters too. */
    private final Set<String> cascadeFrom = new HashSet<>();
    /** Classes of the sources that may make adapters for any type at run time: factories and components. */
    private final Set<String> factories = new TreeSet<>();
    /** The types reached by cascading, worked out on first use. */
    private Set<String> cascaded;

    /**
     * @param enabled false when the application runs with another JSON library ({@code -Akiln.json=none}): then
     *                nothing is collected and nothing is missing
     */
    public JsonAdapters(Elements elements, Types types, boolean enabled) {
        this.elements = elements;
        this.types = types;
        this.enabled = enabled;
    }

    /** Learns what one round's sources declare: call it every round, before {@link #find} is used. */
    public void collect(RoundEnvironment round) {
        if (!isActive()) return;
        cascaded = null;
        for (Element root : round.getRootElements()) {
            if (root instanceof TypeElement type) {
                sources.add(type.getQualifiedName().toString());
                collectImplementations(type);
            }
        }
        for (Element e : annotated(round, RuntimeContract.AVAJE_JSON)) cover(e.asType(), true, true);
        for (Element e : annotated(round, RuntimeContract.AVAJE_JSON_VALUE)) {
            cover(e.getEnclosingElement().asType(), true, false);
        }
        for (Element e : annotated(round, RuntimeContract.AVAJE_JSON_MIXIN_VALUE.owner())) {
            for (Object target : Annotations.classValues(Annotations.find(e, RuntimeContract.AVAJE_JSON_MIXIN_VALUE),
                    RuntimeContract.AVAJE_JSON_MIXIN_VALUE)) cover(target, true, true);
        }
        List<AnnotationMirror> imports = new ArrayList<>();
        imports.addAll(mirrors(round, RuntimeContract.AVAJE_JSON_IMPORT));
        imports.addAll(nested(mirrors(round, RuntimeContract.AVAJE_JSON_IMPORTS_VALUE.owner()),
                RuntimeContract.AVAJE_JSON_IMPORTS_VALUE));
        List<AnnotationMirror> subtypes = new ArrayList<>();
        subtypes.addAll(mirrors(round, RuntimeContract.AVAJE_JSON_SUBTYPE_TYPE.owner()));
        subtypes.addAll(nested(mirrors(round, RuntimeContract.AVAJE_JSON_SUBTYPES_VALUE.owner()),
                RuntimeContract.AVAJE_JSON_SUBTYPES_VALUE));
        subtypes.addAll(nested(imports, RuntimeContract.AVAJE_JSON_IMPORT_SUBTYPES));
        for (AnnotationMirror m : imports) {
            for (Object type : Annotations.classValues(m, RuntimeContract.AVAJE_JSON_IMPORT_VALUE)) cover(type, true, true);
        }
        // A subtype is written by its supertype's adapter, which has none of its own; its fields' types get theirs.
        for (AnnotationMirror m : subtypes) {
            for (Object type : Annotations.classValues(m, RuntimeContract.AVAJE_JSON_SUBTYPE_TYPE)) cover(type, false, true);
        }
    }

    /**
     * The first type in {@code type} (itself, an element or a type argument) that avaje-jsonb will have no adapter
     * for, as far as the compilation shows; null when every one has, or when the check is off.
     */
    public Missing find(TypeMirror type) {
        return isActive() ? missing(type) : null;
    }

    /**
     * A type avaje-jsonb will have no adapter for.
     *
     * @param type    the type, as javac writes it
     * @param certain whether nothing the compilation cannot show could give it one
     * @param why     why it has none, to follow {@code "no adapter for <type>: "}
     * @param fix     how to give it one, as a sentence
     */
    public record Missing(String type, boolean certain, String why, String fix) {}

    /** With avaje-jsonb not on the class path, no type can be annotated for it: the application uses another library. */
    private boolean isActive() {
        return enabled && elements.getTypeElement(RuntimeContract.AVAJE_JSON.canonicalName()) != null;
    }

    private Missing missing(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) {
            TypeMirror component = ((ArrayType) type).getComponentType();
            return component.getKind() == TypeKind.BYTE ? null : missing(component); // byte[] is base64
        }
        if (type.getKind() != TypeKind.DECLARED) return null; // a primitive: built in; anything else Kiln refused
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        List<? extends TypeMirror> arguments = declared.getTypeArguments();
        if (BUILT_IN.contains(name) || element.getKind() == ElementKind.ENUM) return null;
        if (CONTAINERS.contains(name)) return first(arguments);
        if (name.equals("java.util.Map") || name.equals("java.util.EnumMap")) {
            if (arguments.isEmpty()) return null; // raw: String keys, Object values
            TypeMirror key = arguments.get(0);
            boolean stringKey = name.equals("java.util.Map") && Conversions.isDeclared(key, "java.lang.String");
            if (stringKey || isEnum(key)) return missing(arguments.get(1));
            return new Missing(type.toString(), false, "avaje-jsonb keys a map by String or an enum only",
                    "Key it by String or an enum" + ownAdapter(element));
        }
        if (hasAdapter(element)) return first(arguments);
        String simple = element.getSimpleName().toString();
        if (name.startsWith("java.") || name.startsWith("javax.")) {
            if (isSubtype(element, "java.util.Collection") || isSubtype(element, "java.util.Map")) {
                return new Missing(name, false, "avaje-jsonb reads and writes List, Set, Collection and Map, not their"
                        + " implementations", "Declare it as one of those interfaces" + ownAdapter(element));
            }
            return new Missing(name, false, "avaje-jsonb has no adapter built in for it", "Use a type of your own"
                    + " annotated @io.avaje.jsonb.Json, or write a @CustomAdapter for " + simple + ownAdapter(element));
        }
        String annotate = "Annotate " + simple + " with @io.avaje.jsonb.Json, or add @Json.Import(" + simple + ".class), and"
                + " put avaje-jsonb-generator on the annotation-processor path";
        if (sources.contains(topLevel(element).getQualifiedName().toString())) {
            String why = "it has no @Json, and no @Json.Import, @Json.MixIn or JsonAdapter in this compilation covers it";
            if (factories.isEmpty()) {
                return new Missing(name, true, why, annotate + "; with a JsonCodec of another library, compile with"
                        + " -Akiln.json=none.");
            }
            return new Missing(name, false, why + " (unless " + String.join(" or ", factories) + " makes one at run time)",
                    annotate + ownAdapter(element));
        }
        return new Missing(name, false, "it comes from the class path without @Json or a generated "
                + adapterName(element) + ", and no @Json.Import in this compilation names it", "Add @Json.Import("
                + simple + ".class) to a class of this module, with avaje-jsonb-generator on the annotation-processor"
                + " path; if its library registers an adapter for it, compile with -Akiln.json=none.");
    }

    /** The rest of a fix: what to do when the application registers an adapter Kiln cannot see. */
    private static String ownAdapter(TypeElement element) {
        return "; if you register an adapter for " + element.getSimpleName() + " yourself, compile with -Akiln.json=none.";
    }

    private Missing first(List<? extends TypeMirror> types) {
        for (TypeMirror t : types) {
            Missing m = missing(t);
            if (m != null) return m;
        }
        return null;
    }

    /** Whether an adapter for {@code element} is generated or written in this compilation, or was generated before. */
    private boolean hasAdapter(TypeElement element) {
        String name = element.getQualifiedName().toString();
        if (covered.contains(name) || cascaded().contains(name)) return true;
        if (Annotations.find(element, RuntimeContract.AVAJE_JSON) != null) return true; // kept in class files too
        String pkg = elements.getPackageOf(element).getQualifiedName().toString();
        String adapter = adapterName(element);
        List<String> candidates = pkg.isEmpty() ? List.of("jsonb." + adapter, adapter)
                : List.of(pkg + "." + adapter, pkg + ".jsonb." + adapter);
        for (String candidate : candidates) {
            if (elements.getTypeElement(candidate) != null) return true;
        }
        return false;
    }

    /** The generator's name for the adapter of {@code element}: {@code Outer$InnerJsonAdapter}. */
    private static String adapterName(TypeElement element) {
        StringBuilder name = new StringBuilder(element.getSimpleName()).append("JsonAdapter");
        for (Element e = element.getEnclosingElement(); e instanceof TypeElement outer; e = e.getEnclosingElement()) {
            name.insert(0, outer.getSimpleName() + "$");
        }
        return name.toString();
    }

    /**
     * The types the generator's cascade reaches from {@link #cascadeFrom}: those of their fields, and so on. This
     * takes every type in a field's type, and the results of getters too, where the generator takes fewer: a type
     * counted here that has no adapter is missed, never wrongly reported.
     */
    private Set<String> cascaded() {
        if (cascaded != null) return cascaded;
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(cascadeFrom);
        while (!todo.isEmpty()) {
            TypeElement from = elements.getTypeElement(todo.pop());
            for (TypeElement t = from; t != null && !isJdk(t); t = superclass(t)) {
                List<TypeMirror> properties = new ArrayList<>();
                for (VariableElement f : ElementFilter.fieldsIn(t.getEnclosedElements())) {
                    if (!f.getModifiers().contains(Modifier.STATIC)) properties.add(f.asType());
                }
                for (ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
                    if (!m.getModifiers().contains(Modifier.STATIC) && m.getParameters().isEmpty()) {
                        properties.add(m.getReturnType());
                    }
                }
                List<TypeElement> found = new ArrayList<>();
                for (TypeMirror p : properties) declaredIn(p, found);
                for (TypeElement f : found) {
                    String name = f.getQualifiedName().toString();
                    if (!isJdk(f) && reached.add(name)) todo.add(name);
                }
            }
        }
        cascaded = reached;
        return reached;
    }

    /** Every class named in {@code type}: itself, its type arguments, its component, its bounds. */
    private static void declaredIn(TypeMirror type, List<TypeElement> found) {
        switch (type.getKind()) {
            case DECLARED -> {
                found.add((TypeElement) ((DeclaredType) type).asElement());
                for (TypeMirror a : ((DeclaredType) type).getTypeArguments()) declaredIn(a, found);
            }
            case ARRAY -> declaredIn(((ArrayType) type).getComponentType(), found);
            case WILDCARD -> {
                WildcardType w = (WildcardType) type;
                if (w.getExtendsBound() != null) declaredIn(w.getExtendsBound(), found);
                if (w.getSuperBound() != null) declaredIn(w.getSuperBound(), found);
            }
            default -> { }
        }
    }

    /** Notes what {@code type} and its nested classes implement: a {@code JsonAdapter}, or a factory of them. */
    private void collectImplementations(TypeElement type) {
        Deque<TypeMirror> todo = new ArrayDeque<>(types.directSupertypes(type.asType()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            TypeMirror s = todo.pop();
            if (s.getKind() != TypeKind.DECLARED) continue;
            DeclaredType declared = (DeclaredType) s;
            String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
            if (!seen.add(name)) continue;
            if (name.equals(RuntimeContract.AVAJE_JSON_ADAPTER.canonicalName())) {
                if (declared.getTypeArguments().size() == 1) cover(declared.getTypeArguments().get(0), true, false);
            } else if ((name.equals(RuntimeContract.AVAJE_ADAPTER_FACTORY.canonicalName())
                    || name.equals(RuntimeContract.AVAJE_COMPONENT.canonicalName()))
                    && Annotations.find(type, RuntimeContract.AVAJE_GENERATED) == null) {
                factories.add(type.getQualifiedName().toString());
            }
            todo.addAll(types.directSupertypes(s));
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) collectImplementations(nested);
    }

    /**
     * Notes of {@code type}, a class literal's value, whether it gets an adapter of its own and whether the
     * generator cascades from it.
     */
    private void cover(Object type, boolean adapter, boolean cascades) {
        if (!(type instanceof TypeMirror mirror) || mirror.getKind() != TypeKind.DECLARED) return;
        String name = ((TypeElement) ((DeclaredType) mirror).asElement()).getQualifiedName().toString();
        if (adapter) covered.add(name);
        if (cascades) cascadeFrom.add(name);
    }

    private Set<? extends Element> annotated(RoundEnvironment round, ClassName annotation) {
        TypeElement type = elements.getTypeElement(annotation.canonicalName());
        return type == null ? Set.of() : round.getElementsAnnotatedWith(type);
    }

    /** Every {@code annotation} on the round's elements. */
    private List<AnnotationMirror> mirrors(RoundEnvironment round, ClassName annotation) {
        List<AnnotationMirror> mirrors = new ArrayList<>();
        for (Element e : annotated(round, annotation)) mirrors.add(Annotations.find(e, annotation));
        return mirrors;
    }

    /** The annotations that {@code member} of each of {@code containers} holds. */
    private static List<AnnotationMirror> nested(List<AnnotationMirror> containers, Member member) {
        List<AnnotationMirror> nested = new ArrayList<>();
        for (AnnotationMirror c : containers) {
            for (Object value : Annotations.classValues(c, member)) {
                if (value instanceof AnnotationMirror m) nested.add(m);
            }
        }
        return nested;
    }

    private static boolean isEnum(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM;
    }

    private boolean isSubtype(TypeElement element, String name) {
        TypeElement other = elements.getTypeElement(name);
        return other != null && types.isAssignable(types.erasure(element.asType()), types.erasure(other.asType()));
    }

    private static boolean isJdk(TypeElement type) {
        String name = type.getQualifiedName().toString();
        return name.startsWith("java.") || name.startsWith("javax.");
    }

    private static TypeElement superclass(TypeElement type) {
        TypeMirror s = type.getSuperclass();
        return s.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) s).asElement() : null;
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement top = type;
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement t; e = e.getEnclosingElement()) top = t;
        return top;
    }
}
