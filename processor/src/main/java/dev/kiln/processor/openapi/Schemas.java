package dev.kiln.processor.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) for Java types, read from {@code TypeMirror}s: records by their
 * components, other classes by their public fields and getters. Named types go to
 * {@code components/schemas} once and are referenced with {@code $ref}, which also ends recursion.
 */
final class Schemas {
    private final Types types;
    /** Named schemas by simple name, sorted so the document does not depend on visiting order. */
    private final Map<String, Object> components = new TreeMap<>();

    Schemas(Types types) {
        this.types = types;
    }

    Map<String, Object> components() {
        return components;
    }

    /** The schema of {@code type}. */
    Map<String, Object> of(TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN: return schema("type", "boolean");
            case INT: case SHORT: case BYTE: return schema("type", "integer", "format", "int32");
            case LONG: return schema("type", "integer", "format", "int64");
            case FLOAT: return schema("type", "number", "format", "float");
            case DOUBLE: return schema("type", "number", "format", "double");
            case CHAR: return schema("type", "string", "minLength", 1, "maxLength", 1);
            case ARRAY: {
                TypeMirror component = ((ArrayType) type).getComponentType();
                if (component.getKind() == TypeKind.BYTE) return schema("type", "string", "format", "binary");
                return schema("type", "array", "items", of(component));
            }
            case DECLARED: return declared((DeclaredType) type);
            default: return schema();
        }
    }

    private Map<String, Object> declared(DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        List<? extends TypeMirror> args = type.getTypeArguments();
        switch (name) {
            case "java.lang.String": case "java.lang.CharSequence": return schema("type", "string");
            case "java.lang.Boolean": return schema("type", "boolean");
            case "java.lang.Integer": case "java.lang.Short": case "java.lang.Byte":
                return schema("type", "integer", "format", "int32");
            case "java.lang.Long": return schema("type", "integer", "format", "int64");
            case "java.lang.Float": return schema("type", "number", "format", "float");
            case "java.lang.Double": return schema("type", "number", "format", "double");
            case "java.lang.Character": return schema("type", "string", "minLength", 1, "maxLength", 1);
            case "java.math.BigDecimal": return schema("type", "number");
            case "java.math.BigInteger": return schema("type", "integer");
            case "java.util.UUID": return schema("type", "string", "format", "uuid");
            case "java.time.LocalDate": return schema("type", "string", "format", "date");
            case "java.time.Instant": case "java.time.OffsetDateTime": case "java.time.ZonedDateTime":
                return schema("type", "string", "format", "date-time");
            case "java.lang.Object": return schema();
            case "java.util.Optional":
                return args.isEmpty() ? schema() : of(args.get(0));
            default: break;
        }
        if (isSubtype(type, "java.util.Collection") || isSubtype(type, "java.lang.Iterable")) {
            return schema("type", "array", "items", args.isEmpty() ? schema() : of(args.get(0)));
        }
        if (isSubtype(type, "java.util.Map")) {
            return schema("type", "object", "additionalProperties", args.size() == 2 ? of(args.get(1)) : schema());
        }
        if (element.getKind() == ElementKind.ENUM) {
            List<String> constants = element.getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(e -> e.getSimpleName().toString()).toList();
            return schema("type", "string", "enum", constants);
        }
        String simple = element.getSimpleName().toString();
        if (!components.containsKey(simple)) {
            components.put(simple, schema()); // placeholder first: a type that refers to itself ends here
            components.put(simple, object(element));
        }
        return schema("$ref", "#/components/schemas/" + simple);
    }

    /** A record's components, or a class's public fields and getters, as properties; primitives required. */
    private Map<String, Object> object(TypeElement element) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new java.util.ArrayList<>();
        if (element.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement c : element.getRecordComponents()) {
                properties.put(c.getSimpleName().toString(), of(c.asType()));
                if (c.asType().getKind().isPrimitive()) required.add(c.getSimpleName().toString());
            }
        } else {
            for (VariableElement f : ElementFilter.fieldsIn(element.getEnclosedElements())) {
                if (f.getModifiers().contains(Modifier.PUBLIC) && !f.getModifiers().contains(Modifier.STATIC)) {
                    properties.put(f.getSimpleName().toString(), of(f.asType()));
                }
            }
            for (ExecutableElement m : ElementFilter.methodsIn(element.getEnclosedElements())) {
                String property = property(m);
                if (property != null) properties.putIfAbsent(property, of(m.getReturnType()));
            }
        }
        Map<String, Object> schema = schema("type", "object", "properties", properties);
        if (!required.isEmpty()) schema.put("required", required);
        return schema;
    }

    /** {@code getName()} → {@code name}, {@code isDone()} → {@code done}; null when not a public getter. */
    private static String property(ExecutableElement m) {
        if (!m.getModifiers().contains(Modifier.PUBLIC) || m.getModifiers().contains(Modifier.STATIC)
                || !m.getParameters().isEmpty() || m.getReturnType().getKind() == TypeKind.VOID) return null;
        String n = m.getSimpleName().toString();
        String rest = n.startsWith("get") && n.length() > 3 && !n.equals("getClass") ? n.substring(3)
                : n.startsWith("is") && n.length() > 2 && m.getReturnType().getKind() == TypeKind.BOOLEAN ? n.substring(2)
                : null;
        return rest == null ? null : Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    private boolean isSubtype(DeclaredType type, String name) {
        for (TypeMirror t = type; t != null && t.getKind() == TypeKind.DECLARED; ) {
            Element e = ((DeclaredType) t).asElement();
            if (((TypeElement) e).getQualifiedName().contentEquals(name)) return true;
            for (TypeMirror s : types.directSupertypes(t)) {
                if (s.getKind() == TypeKind.DECLARED && isSubtype((DeclaredType) s, name)) return true;
            }
            return false;
        }
        return false;
    }

    private static final java.util.Set<String> KNOWN_SCALARS = java.util.Set.of("java.util.UUID", "java.math.BigDecimal",
            "java.math.BigInteger", "java.time.LocalDate", "java.time.Instant", "java.time.OffsetDateTime",
            "java.time.ZonedDateTime");

    /** Whether {@link #of} knows {@code type} as a string or number format, rather than as an object. */
    static boolean isKnownScalar(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                && KNOWN_SCALARS.contains(((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString());
    }

    /** A schema from key-value pairs, in order. */
    static Map<String, Object> schema(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) m.put((String) pairs[k], pairs[k + 1]);
        return m;
    }
}
