package dev.kiln.processor.model;

import java.util.List;
import java.util.Map;

/**
 * What the reader learnt of the declared types that bodies, results and parameters use, by qualified name: enough
 * for the OpenAPI writer to describe them without javac. Types {@link Described described by name} are not in it.
 *
 * @param types every type learnt, by {@link JavaType.Declared#qualifiedName()}
 */
public record TypeCatalog(Map<String, TypeInfo> types) {
    public TypeCatalog {
        types = Map.copyOf(types);
    }

    /** What was learnt of {@code type}; never null for a type the reader learnt. */
    public TypeInfo get(JavaType.Declared type) {
        TypeInfo info = types.get(type.qualifiedName());
        if (info == null) throw new IllegalArgumentException(type.qualifiedName() + " was never learnt");
        return info;
    }

    /**
     * A declared type as JSON sees it.
     *
     * @param kind       a collection, a map, an enum, or an object of properties
     * @param constants  an enum's constants, in order; else empty
     * @param properties an object's properties: a record's components, or a class's public fields then its
     *                   getters; else empty
     * @param record     whether it is a record: only a record's components carry constraints
     */
    public record TypeInfo(Kind kind, List<String> constants, List<Property> properties, boolean record) {
        public TypeInfo {
            constants = List.copyOf(constants);
            properties = List.copyOf(properties);
        }

        /** A type that is not a record. */
        public TypeInfo(Kind kind, List<String> constants, List<Property> properties) {
            this(kind, constants, properties, false);
        }

        /** How JSON writes a value of the type. */
        public enum Kind {
            /** An {@code Iterable} or {@code Collection}: an array of its first type argument. */
            COLLECTION,
            /** A {@code Map}: an object of its second type argument. */
            MAP,
            /** A constant's name. */
            ENUM,
            /** An object of its properties. */
            OBJECT
        }
    }

    /**
     * One property of an object type.
     *
     * @param name     the JSON name: a record component's or field's name, a getter's without {@code get}/{@code is}
     * @param type     its type
     * @param required   whether every value has it: a primitive record component
     * @param validation a record component's constraints and {@code @Valid}; else none
     */
    public record Property(String name, JavaType type, boolean required, Constraint.Validation validation) {
        /** A property with no constraints. */
        public Property(String name, JavaType type, boolean required) {
            this(name, type, required, Constraint.Validation.NONE);
        }
    }

    /**
     * JDK types that JSON writes as a value of its own, or that wrap one ({@code Optional}): the reader learns
     * nothing more of them, and the OpenAPI writer describes each by name.
     */
    public enum Described {
        STRING("java.lang.String"), CHAR_SEQUENCE("java.lang.CharSequence"), BOOLEAN("java.lang.Boolean"),
        INTEGER("java.lang.Integer"), SHORT("java.lang.Short"), BYTE("java.lang.Byte"), LONG("java.lang.Long"),
        FLOAT("java.lang.Float"), DOUBLE("java.lang.Double"), CHARACTER("java.lang.Character"),
        BIG_DECIMAL("java.math.BigDecimal"), BIG_INTEGER("java.math.BigInteger"), UUID("java.util.UUID"),
        LOCAL_DATE("java.time.LocalDate"), INSTANT("java.time.Instant"), OFFSET_DATE_TIME("java.time.OffsetDateTime"),
        ZONED_DATE_TIME("java.time.ZonedDateTime"), OBJECT("java.lang.Object"), OPTIONAL("java.util.Optional");

        private final String qualifiedName;

        Described(String qualifiedName) {
            this.qualifiedName = qualifiedName;
        }

        /** The constant for this qualified name, or null. */
        public static Described of(String qualifiedName) {
            for (Described d : values()) {
                if (d.qualifiedName.equals(qualifiedName)) return d;
            }
            return null;
        }
    }
}
