package dev.kiln.processor.read;

import dev.kiln.processor.model.Binding.Source;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.Conversion.Factory;
import dev.kiln.processor.model.Conversion.Kind;
import dev.kiln.processor.model.Conversion.Wrapper;
import dev.kiln.processor.model.JavaType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Decides, from a parameter's or return value's type, how generated code converts it: the table of supported
 * types lives here, and {@link #SUPPORTED} says it in one sentence for the error message.
 */
final class Conversions {
    /** What a path, query, header or cookie parameter may be, as the diagnostic says it. */
    static final String SUPPORTED = "String, CharSequence, a primitive or its box, UUID, an enum, BigDecimal, BigInteger,"
            + " LocalDate, Instant, Optional<T>, List<T> (query and header only), or a type with a public static"
            + " valueOf(String), of(String) or parse(CharSequence), or a public String constructor";

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Character");

    private final Types types;

    Conversions(Types types) {
        this.types = types;
    }

    static Conversion context(TypeMirror type) {
        return request(type, Kind.CONTEXT);
    }

    /** The conversion of a parameter the request itself supplies: its context, or its response as a stream. */
    static Conversion request(TypeMirror type, Kind kind) {
        JavaType context = TypeReader.of(type);
        return new Conversion(kind, Wrapper.NONE, context, context, "context", null);
    }

    /** The conversion of a path, query, header or cookie parameter, or null when the type is not supported. */
    Conversion param(TypeMirror type, Source source) {
        if (isDeclared(type, "java.util.Optional")) {
            Conversion one = single(typeArgument(type));
            return one == null ? null : one.wrapped(Wrapper.OPTIONAL, TypeReader.of(type));
        }
        if (isDeclared(type, "java.util.List")) {
            if (source != Source.QUERY && source != Source.HEADER) return null;
            Conversion one = single(typeArgument(type));
            return one == null ? null : one.wrapped(Wrapper.LIST, TypeReader.of(type));
        }
        Conversion one = single(type);
        if (one == null) return null;
        boolean box = type.getKind() == TypeKind.DECLARED && BOXES.contains(qualifiedName(type));
        return one.wrapped(box ? Wrapper.NULLABLE : Wrapper.NONE, TypeReader.of(type));
    }

    /** The conversion of a request body, or null when the type cannot be read. */
    Conversion body(TypeMirror type) {
        JavaType javaType = TypeReader.of(type);
        if (isByteArray(type)) return new Conversion(Kind.BODY_BYTES, Wrapper.NONE, javaType, javaType, "bytes", null);
        if (isDeclared(type, "java.io.InputStream")) {
            return new Conversion(Kind.BODY_STREAM, Wrapper.NONE, javaType, javaType, "bytes", null);
        }
        if (isDeclared(type, "java.lang.String") || isDeclared(type, "java.lang.CharSequence")) {
            return new Conversion(Kind.BODY_TEXT, Wrapper.NONE, javaType, javaType, "text", null);
        }
        if (!isJsonType(type)) return null;
        return new Conversion(Kind.BODY_JSON, Wrapper.NONE, javaType, javaType, jsonName(type), null);
    }

    /** Whether a type can be read or written as JSON: classes, arrays and parameterized types of them; no wildcards or type variables. */
    static boolean isJsonType(TypeMirror type) {
        if (type.getKind().isPrimitive()) return true;
        if (type.getKind() == TypeKind.ARRAY) return isJsonType(((ArrayType) type).getComponentType());
        if (type.getKind() != TypeKind.DECLARED) return false;
        return ((DeclaredType) type).getTypeArguments().stream().allMatch(Conversions::isJsonType);
    }

    /** How a JSON type reads in a 400 body: {@code NewOrder}, {@code List<Order>}. */
    static String jsonName(TypeMirror type) {
        if (type.getKind() == TypeKind.DECLARED) {
            DeclaredType d = (DeclaredType) type;
            String simple = d.asElement().getSimpleName().toString();
            if (d.getTypeArguments().isEmpty()) return simple;
            return simple + d.getTypeArguments().stream().map(Conversions::jsonName).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type.getKind() == TypeKind.ARRAY) return jsonName(((ArrayType) type).getComponentType()) + "[]";
        if (type.getKind().isPrimitive()) return keyword(type);
        return type.toString();
    }

    private Conversion single(TypeMirror type) {
        if (type == null) return null;
        JavaType name = TypeReader.of(type);
        if (type.getKind().isPrimitive()) {
            return new Conversion(Kind.PRIMITIVE, Wrapper.NONE, name, name, keyword(type), null);
        }
        if (type.getKind() != TypeKind.DECLARED) return null;
        String qualified = qualifiedName(type);
        if (BOXES.contains(qualified)) {
            return new Conversion(Kind.PRIMITIVE, Wrapper.NONE, name, name, name.primitiveKeyword(), null);
        }
        if (qualified.equals("java.lang.String") || qualified.equals("java.lang.CharSequence")) {
            return new Conversion(Kind.STRING, Wrapper.NONE, name, name, "string", null);
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        if (element.getKind() == ElementKind.ENUM) {
            String constants = element.getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(e -> e.getSimpleName().toString())
                    .collect(Collectors.joining(", "));
            return new Conversion(Kind.ENUM, Wrapper.NONE, name, name, "one of " + constants, null);
        }
        if (!((DeclaredType) type).getTypeArguments().isEmpty()) return null;
        JavaType.Declared cls = TypeReader.declared(element);
        switch (qualified) {
            case "java.util.UUID":
                return factory(name, "uuid", new Factory(cls, "fromString"));
            case "java.math.BigDecimal":
                return factory(name, "decimal", new Factory(cls, null));
            case "java.math.BigInteger":
                return factory(name, "integer", new Factory(cls, null));
            case "java.time.LocalDate":
                return factory(name, "date (yyyy-mm-dd)", new Factory(cls, "parse"));
            case "java.time.Instant":
                return factory(name, "instant (ISO-8601, UTC)", new Factory(cls, "parse"));
            default:
                break;
        }
        if (!element.getModifiers().contains(Modifier.PUBLIC)) return null;
        String simple = element.getSimpleName().toString();
        for (String[] f : new String[][] {{"valueOf", "java.lang.String"}, {"of", "java.lang.String"},
                {"parse", "java.lang.CharSequence"}, {"parse", "java.lang.String"}}) {
            if (hasFactory(element, f[0], f[1])) return factory(name, simple, new Factory(cls, f[0]));
        }
        for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
            if (c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().size() == 1
                    && isDeclared(c.getParameters().get(0).asType(), "java.lang.String")
                    && !element.getModifiers().contains(Modifier.ABSTRACT)) {
                return factory(name, simple, new Factory(cls, null));
            }
        }
        return null;
    }

    private boolean hasFactory(TypeElement element, String method, String parameter) {
        for (ExecutableElement m : ElementFilter.methodsIn(element.getEnclosedElements())) {
            Set<Modifier> mods = m.getModifiers();
            if (m.getSimpleName().contentEquals(method) && mods.contains(Modifier.PUBLIC) && mods.contains(Modifier.STATIC)
                    && m.getParameters().size() == 1 && m.getTypeParameters().isEmpty()
                    && isDeclared(m.getParameters().get(0).asType(), parameter)
                    && types.isSameType(types.erasure(m.getReturnType()), types.erasure(element.asType()))) {
                return true;
            }
        }
        return false;
    }

    private static Conversion factory(JavaType type, String expected, Factory factory) {
        return new Conversion(Kind.FACTORY, Wrapper.NONE, type, type, expected, factory);
    }

    /** {@code T} of a {@code List<T>}, {@code Optional<T>} or {@code CompletionStage<T>}; null for a raw or wildcard one. */
    static TypeMirror typeArgument(TypeMirror type) {
        List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
        if (args.size() != 1 || args.get(0).getKind() != TypeKind.DECLARED) return null;
        return args.get(0);
    }

    /**
     * A primitive's keyword, such as {@code int}: not its {@code toString()}, which starts with the type annotations
     * it carries ({@code @Min(1L) int}).
     */
    static String keyword(TypeMirror type) {
        return type.getKind().name().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isDeclared(TypeMirror type, String qualifiedName) {
        return type.getKind() == TypeKind.DECLARED && qualifiedName(type).equals(qualifiedName);
    }

    private static String qualifiedName(TypeMirror type) {
        Element e = ((DeclaredType) type).asElement();
        return ((TypeElement) e).getQualifiedName().toString();
    }

    static boolean isByteArray(TypeMirror type) {
        return type.getKind() == TypeKind.ARRAY && ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE;
    }
}
