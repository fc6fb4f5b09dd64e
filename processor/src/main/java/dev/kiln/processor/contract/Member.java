package dev.kiln.processor.contract;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A field, method or constructor of the runtime that generated code uses or the processor reads, with its erased
 * signature: what {@code RuntimeContractTest} looks up by reflection in the runtime.
 *
 * @param owner      the class that declares it, or inherits it from a supertype
 * @param kind       field, method or constructor
 * @param name       its name; {@code <init>} for a constructor
 * @param isStatic   whether it is static
 * @param access     {@link Modifier#PUBLIC} or {@link Modifier#PROTECTED}
 * @param type       a field's type or a method's return type, erased; {@code void} for a constructor
 * @param parameters the parameter types, erased; a varargs parameter is its array type
 * @param exceptions the checked exceptions it declares
 */
public record Member(ClassName owner, Kind kind, String name, boolean isStatic, Modifier access, TypeName type,
                     List<TypeName> parameters, List<TypeName> exceptions) {

    /** What kind of member it is. */
    public enum Kind { FIELD, METHOD, CONSTRUCTOR }

    public Member {
        parameters = List.copyOf(parameters);
        exceptions = List.copyOf(exceptions);
    }

    /** A public instance method. */
    static Member method(ClassName owner, String name, TypeName returns, TypeName... parameters) {
        return new Member(owner, Kind.METHOD, name, false, Modifier.PUBLIC, returns, List.of(parameters), List.of());
    }

    /** A public instance field. */
    static Member field(ClassName owner, String name, TypeName type) {
        return new Member(owner, Kind.FIELD, name, false, Modifier.PUBLIC, type, List.of(), List.of());
    }

    /** A public constructor. */
    static Member constructor(ClassName owner, TypeName... parameters) {
        return new Member(owner, Kind.CONSTRUCTOR, "<init>", false, Modifier.PUBLIC, TypeName.VOID, List.of(parameters),
                List.of());
    }

    /** This member, static. */
    Member asStatic() {
        return new Member(owner, kind, name, true, access, type, parameters, exceptions);
    }

    /** This member, protected: for what a generated subclass calls. */
    Member asProtected() {
        return new Member(owner, kind, name, isStatic, Modifier.PROTECTED, type, parameters, exceptions);
    }

    /** This member, declaring {@code exception}. */
    Member throwing(TypeName exception) {
        List<TypeName> all = new ArrayList<>(exceptions);
        all.add(exception);
        return new Member(owner, kind, name, isStatic, access, type, parameters, all);
    }
}
