package dev.kiln.processor.openapi;

import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.model.TypeCatalog.Described;
import dev.kiln.processor.model.TypeCatalog.Property;
import dev.kiln.processor.model.TypeCatalog.TypeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) for Java types, from the model: records by their components, other
 * classes by their public fields and getters, as the reader learnt them ({@link TypeCatalog}). Named types go
 * to {@code components/schemas} once and are referenced with {@code $ref}, which also ends recursion.
 */
final class Schemas {
    private final TypeCatalog catalog;
    /** Named schemas by simple name, sorted so the document does not depend on visiting order. */
    private final Map<String, Object> components = new TreeMap<>();

    Schemas(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    Map<String, Object> components() {
        return components;
    }

    /** The schema of {@code type}. */
    Map<String, Object> of(JavaType type) {
        if (type instanceof JavaType.Primitive p) {
            return switch (p.keyword()) {
                case "boolean" -> schema("type", "boolean");
                case "int", "short", "byte" -> schema("type", "integer", "format", "int32");
                case "long" -> schema("type", "integer", "format", "int64");
                case "float" -> schema("type", "number", "format", "float");
                case "double" -> schema("type", "number", "format", "double");
                case "char" -> schema("type", "string", "minLength", 1, "maxLength", 1);
                default -> schema();
            };
        }
        if (type instanceof JavaType.Array a) {
            if (a.component() instanceof JavaType.Primitive p && p.keyword().equals("byte")) {
                return schema("type", "string", "format", "binary");
            }
            return schema("type", "array", "items", of(a.component()));
        }
        if (type instanceof JavaType.Declared d) return declared(d);
        return schema();
    }

    private Map<String, Object> declared(JavaType.Declared type) {
        List<JavaType> args = type.arguments();
        Described described = Described.of(type.qualifiedName());
        if (described != null) {
            return switch (described) {
                case STRING, CHAR_SEQUENCE -> schema("type", "string");
                case BOOLEAN -> schema("type", "boolean");
                case INTEGER, SHORT, BYTE -> schema("type", "integer", "format", "int32");
                case LONG -> schema("type", "integer", "format", "int64");
                case FLOAT -> schema("type", "number", "format", "float");
                case DOUBLE -> schema("type", "number", "format", "double");
                case CHARACTER -> schema("type", "string", "minLength", 1, "maxLength", 1);
                case BIG_DECIMAL -> schema("type", "number");
                case BIG_INTEGER -> schema("type", "integer");
                case UUID -> schema("type", "string", "format", "uuid");
                case LOCAL_DATE -> schema("type", "string", "format", "date");
                case INSTANT, OFFSET_DATE_TIME, ZONED_DATE_TIME -> schema("type", "string", "format", "date-time");
                case OBJECT -> schema();
                case OPTIONAL -> args.isEmpty() ? schema() : of(args.get(0));
            };
        }
        TypeInfo info = catalog.get(type);
        switch (info.kind()) {
            case COLLECTION:
                return schema("type", "array", "items", args.isEmpty() ? schema() : of(args.get(0)));
            case MAP:
                return schema("type", "object", "additionalProperties", args.size() == 2 ? of(args.get(1)) : schema());
            case ENUM:
                return schema("type", "string", "enum", info.constants());
            default:
                break;
        }
        String simple = type.simpleName();
        if (!components.containsKey(simple)) {
            components.put(simple, schema()); // placeholder first: a type that refers to itself ends here
            components.put(simple, object(info));
        }
        return schema("$ref", "#/components/schemas/" + simple);
    }

    /** An object's properties, each with its schema; the required ones listed. */
    private Map<String, Object> object(TypeInfo info) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Property p : info.properties()) {
            Map<String, Object> schema = of(p.type());
            constrain(schema, p.validation().constraints());
            properties.put(p.name(), schema);
            if (p.required() || refusesNull(p.validation().constraints())) required.add(p.name());
        }
        Map<String, Object> schema = schema("type", "object", "properties", properties);
        if (!required.isEmpty()) schema.put("required", required);
        return schema;
    }

    /**
     * Adds to {@code schema} the keywords that say what {@code constraints} say: {@code minLength}, {@code maxItems},
     * {@code minimum}, {@code exclusiveMinimum}, {@code pattern} (anchored, as Jakarta matches the whole value),
     * {@code format: email}. {@code @NotNull} says {@code required}, which the caller writes.
     */
    static void constrain(Map<String, Object> schema, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            String size = switch (c.subject()) {
                case TEXT -> "Length";
                case MAP -> "Properties";
                default -> "Items";
            };
            switch (c.kind()) {
                case NOT_BLANK, NOT_EMPTY -> schema.merge("min" + size, 1, (a, b) -> Math.max((Integer) a, (Integer) b));
                case SIZE -> {
                    if (c.min() > 0) schema.put("min" + size, c.min());
                    if (c.max() < Integer.MAX_VALUE) schema.put("max" + size, c.max());
                }
                case MIN -> schema.put("minimum", c.min());
                case MAX -> schema.put("maximum", c.max());
                case POSITIVE -> schema.put("exclusiveMinimum", 0);
                case POSITIVE_OR_ZERO -> schema.put("minimum", 0);
                case PATTERN -> schema.put("pattern", "^(?:" + c.regex() + ")$");
                case EMAIL -> schema.put("format", "email");
                case NOT_NULL -> { }
            }
        }
    }

    /** Whether {@code type} is a record, or a collection or array of records, with constraints somewhere within. */
    boolean constrained(JavaType type, Set<String> seen) {
        if (type instanceof JavaType.Array a) return constrained(a.component(), seen);
        if (!(type instanceof JavaType.Declared d) || !seen.add(d.qualifiedName())) return false;
        TypeInfo info = catalog.types().get(d.qualifiedName());
        if (info == null) return false;
        if (info.kind() == TypeInfo.Kind.COLLECTION) return d.arguments().size() == 1 && constrained(d.arguments().get(0), seen);
        for (Property p : info.properties()) {
            if (!p.validation().constraints().isEmpty() || p.validation().cascade() && constrained(p.type(), seen)) return true;
        }
        return false;
    }

    /** Whether a value must be present: {@code @NotNull}, {@code @NotEmpty}, {@code @NotBlank}. */
    static boolean refusesNull(List<Constraint> constraints) {
        return constraints.stream().anyMatch(c -> c.kind().refusesNull());
    }

    /** Whether {@link #of} knows {@code type} as a string or number format, rather than as an object. */
    static boolean isKnownScalar(JavaType type) {
        Described described = type instanceof JavaType.Declared d ? Described.of(d.qualifiedName()) : null;
        return described != null && switch (described) {
            case UUID, BIG_DECIMAL, BIG_INTEGER, LOCAL_DATE, INSTANT, OFFSET_DATE_TIME, ZONED_DATE_TIME -> true;
            default -> false;
        };
    }

    /** A schema from key-value pairs, in order. */
    static Map<String, Object> schema(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) m.put((String) pairs[k], pairs[k + 1]);
        return m;
    }
}
