package dev.kiln.processor.read;

import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.model.TypeCatalog.Described;
import dev.kiln.processor.model.TypeCatalog.Property;
import dev.kiln.processor.model.TypeCatalog.TypeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
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
 * Turns javac's type mirrors into the model's {@link JavaType}s, and learns, for the {@link TypeCatalog}, what JSON
 * makes of the declared types a body or a result uses: collection, map, enum constants, or an object's properties,
 * followed to the types of those properties.
 */
final class TypeReader {
    private final Types types;
    private final ConstraintReader constraints;
    private final Map<String, TypeInfo> learnt = new LinkedHashMap<>();

    /** @param constraints reads the constraints of a record's components */
    TypeReader(Types types, ConstraintReader constraints) {
        this.types = types;
        this.constraints = constraints;
    }

    /** {@code type} as the model records it. */
    static JavaType of(TypeMirror type) {
        return switch (type.getKind()) {
            case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE, VOID ->
                    new JavaType.Primitive(type.getKind().name().toLowerCase(Locale.ROOT));
            case ARRAY -> new JavaType.Array(of(((ArrayType) type).getComponentType()));
            case DECLARED -> declared((DeclaredType) type);
            default -> new JavaType.Other(type.toString());
        };
    }

    /** A class's type with its type arguments; {@code Outer.Inner} keeps both names. */
    static JavaType.Declared declared(DeclaredType type) {
        List<JavaType> arguments = new ArrayList<>();
        for (TypeMirror argument : type.getTypeArguments()) arguments.add(of(argument));
        return declared((TypeElement) type.asElement(), arguments);
    }

    /** A class, without type arguments. */
    static JavaType.Declared declared(TypeElement cls) {
        return declared(cls, List.of());
    }

    private static JavaType.Declared declared(TypeElement cls, List<JavaType> arguments) {
        List<String> names = new ArrayList<>();
        Element e = cls;
        for (; e instanceof TypeElement t; e = e.getEnclosingElement()) names.add(0, t.getSimpleName().toString());
        while (e != null && !(e instanceof PackageElement)) e = e.getEnclosingElement();
        String pkg = e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
        return new JavaType.Declared(pkg, names, arguments);
    }

    /** Learns what JSON makes of {@code type} and of every type it leads to. */
    void learn(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) learn(((ArrayType) type).getComponentType());
        if (type.getKind() != TypeKind.DECLARED) return;
        DeclaredType declared = (DeclaredType) type;
        for (TypeMirror argument : declared.getTypeArguments()) learn(argument);
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (Described.of(name) != null || learnt.containsKey(name)) return;
        if (isSubtype(declared, "java.util.Collection") || isSubtype(declared, "java.lang.Iterable")) {
            learnt.put(name, new TypeInfo(TypeInfo.Kind.COLLECTION, List.of(), List.of()));
        } else if (isSubtype(declared, "java.util.Map")) {
            learnt.put(name, new TypeInfo(TypeInfo.Kind.MAP, List.of(), List.of()));
        } else if (element.getKind() == ElementKind.ENUM) {
            List<String> constants = element.getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(e -> e.getSimpleName().toString()).toList();
            learnt.put(name, new TypeInfo(TypeInfo.Kind.ENUM, constants, List.of()));
        } else {
            learnt.put(name, new TypeInfo(TypeInfo.Kind.OBJECT, List.of(), List.of())); // a type that refers to itself ends here
            Map<String, TypeMirror> propertyTypes = new LinkedHashMap<>();
            List<Property> properties = properties(element, propertyTypes);
            learnt.put(name, new TypeInfo(TypeInfo.Kind.OBJECT, List.of(), properties, element.getKind() == ElementKind.RECORD));
            propertyTypes.values().forEach(this::learn);
        }
    }

    /** Everything learnt so far. */
    TypeCatalog catalog() {
        return new TypeCatalog(learnt);
    }

    /**
     * A record's components (a primitive one required) with their constraints, or a class's public instance fields,
     * then its getters whose names no field took; each one's type also goes into {@code mirrors}.
     */
    private List<Property> properties(TypeElement element, Map<String, TypeMirror> mirrors) {
        Map<String, Property> properties = new LinkedHashMap<>();
        if (element.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement c : element.getRecordComponents()) {
                String name = c.getSimpleName().toString();
                // A component's constraints are on its private field, where javac puts what the component carries.
                Element field = ElementFilter.fieldsIn(element.getEnclosedElements()).stream()
                        .filter(f -> f.getSimpleName().contentEquals(name)).map(Element.class::cast).findFirst().orElse(c);
                Constraint.Validation validation = constraints.read(field, c.asType(), "component '" + name + "' of "
                        + element.getSimpleName(), false);
                properties.put(name, new Property(name, of(c.asType()), c.asType().getKind().isPrimitive(), validation));
                mirrors.put(name, c.asType());
            }
        } else {
            for (VariableElement f : ElementFilter.fieldsIn(element.getEnclosedElements())) {
                if (f.getModifiers().contains(Modifier.PUBLIC) && !f.getModifiers().contains(Modifier.STATIC)) {
                    add(properties, mirrors, f.getSimpleName().toString(), f.asType(), false);
                }
            }
            for (ExecutableElement m : ElementFilter.methodsIn(element.getEnclosedElements())) {
                String property = property(m);
                if (property != null && !properties.containsKey(property)) {
                    add(properties, mirrors, property, m.getReturnType(), false);
                }
            }
        }
        return List.copyOf(properties.values());
    }

    private static void add(Map<String, Property> properties, Map<String, TypeMirror> mirrors, String name, TypeMirror type,
                            boolean required) {
        properties.put(name, new Property(name, of(type), required));
        mirrors.put(name, type);
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

    /** Whether {@code type} is the type named {@code name} or has it among its supertypes. */
    private boolean isSubtype(DeclaredType type, String name) {
        if (((TypeElement) type.asElement()).getQualifiedName().contentEquals(name)) return true;
        for (TypeMirror s : types.directSupertypes(type)) {
            if (s.getKind() == TypeKind.DECLARED && isSubtype((DeclaredType) s, name)) return true;
        }
        return false;
    }
}
