package dev.kiln.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.model.JavaType;
import java.util.List;

/** The model's {@link JavaType}s as JavaPoet names, for {@code $T}. */
final class TypeNames {
    private TypeNames() {}

    static TypeName of(JavaType type) {
        if (type instanceof JavaType.Primitive p) {
            return switch (p.keyword()) {
                case "int" -> TypeName.INT;
                case "long" -> TypeName.LONG;
                case "short" -> TypeName.SHORT;
                case "byte" -> TypeName.BYTE;
                case "double" -> TypeName.DOUBLE;
                case "float" -> TypeName.FLOAT;
                case "boolean" -> TypeName.BOOLEAN;
                case "char" -> TypeName.CHAR;
                case "void" -> TypeName.VOID;
                default -> throw new IllegalArgumentException("not a primitive: " + p.keyword());
            };
        }
        if (type instanceof JavaType.Array a) return ArrayTypeName.of(of(a.component()));
        if (type instanceof JavaType.Declared d) {
            ClassName raw = raw(d);
            if (d.arguments().isEmpty()) return raw;
            return ParameterizedTypeName.get(raw, d.arguments().stream().map(TypeNames::of).toArray(TypeName[]::new));
        }
        throw new IllegalArgumentException("no generated code names " + type);
    }

    /** The class of {@code type}, without type arguments. */
    static ClassName raw(JavaType.Declared type) {
        List<String> names = type.simpleNames();
        return ClassName.get(type.packageName(), names.get(0), names.subList(1, names.size()).toArray(String[]::new));
    }
}
