package dev.kiln.processor.model;

import java.util.List;
import java.util.Map;

/**
 * A Java type as the model records it, read from javac's mirror: what the emitters name in generated code and
 * the OpenAPI writer describes ({@link TypeCatalog} has the rest). No javac and no JavaPoet types.
 */
public sealed interface JavaType {

    /** A primitive type or {@code void}, by keyword: {@code int}, {@code void}. */
    record Primitive(String keyword) implements JavaType {}

    /**
     * A class, interface, enum or record type, with its type arguments: none for a non-generic or raw type.
     *
     * @param packageName the package, empty for the unnamed one
     * @param simpleNames the simple names from the top-level class to this one: {@code [Outer, Inner]}
     * @param arguments   the type arguments, in order
     */
    record Declared(String packageName, List<String> simpleNames, List<JavaType> arguments) implements JavaType {
        public Declared {
            simpleNames = List.copyOf(simpleNames);
            arguments = List.copyOf(arguments);
        }

        /** {@code java.util.List}, or {@code shop.Outer.Inner}: the canonical name, without type arguments. */
        public String qualifiedName() {
            String nested = String.join(".", simpleNames);
            return packageName.isEmpty() ? nested : packageName + "." + nested;
        }

        /** The innermost simple name: {@code Inner}. */
        public String simpleName() {
            return simpleNames.get(simpleNames.size() - 1);
        }
    }

    /** An array of {@code component}. */
    record Array(JavaType component) implements JavaType {}

    /** A type variable, wildcard or other type no value is declared with, as javac writes it. */
    record Other(String text) implements JavaType {}

    /** The boxes of the primitives, by keyword. */
    Map<String, String> BOXES = Map.of("int", "Integer", "long", "Long", "short", "Short", "byte", "Byte",
            "double", "Double", "float", "Float", "boolean", "Boolean", "char", "Character", "void", "Void");

    /** A {@code java.lang} type: {@code String}, {@code Integer}. */
    static Declared javaLang(String simpleName) {
        return new Declared("java.lang", List.of(simpleName), List.of());
    }

    /** The box of a primitive ({@code Integer} for {@code int}, {@code Void} for {@code void}); any other type as it is. */
    default JavaType boxed() {
        return this instanceof Primitive p ? javaLang(BOXES.get(p.keyword())) : this;
    }

    /** The keyword of a primitive or of the primitive a box holds ({@code "int"} for {@code Integer}); else null. */
    default String primitiveKeyword() {
        if (this instanceof Primitive p) return p.keyword();
        if (this instanceof Declared d && d.packageName().equals("java.lang") && d.simpleNames().size() == 1) {
            for (Map.Entry<String, String> box : BOXES.entrySet()) {
                if (box.getValue().equals(d.simpleName()) && !box.getKey().equals("void")) return box.getKey();
            }
        }
        return null;
    }
}
