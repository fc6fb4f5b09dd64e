package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;

/**
 * Code that uses the runtime, written through the contract's {@link Member}s ({@link RuntimeContract}): the
 * member's owner by {@code $T}, its name by {@code $N}, so no runtime name is ever text in a format string.
 * Each checks that the member is of the kind the code needs, static or not.
 */
final class Code {
    private Code() {}

    /** {@code Owner.method(args)}; {@code args} is a JavaPoet format for the arguments, filled with {@code values}. */
    static CodeBlock call(Member method, String args, Object... values) {
        check(method, Member.Kind.METHOD, true);
        return CodeBlock.builder().add("$T.$N(", method.owner(), method.name()).add(args, values).add(")").build();
    }

    /** {@code target.method(args)}: an instance method called on the expression {@code target}. */
    static CodeBlock call(Object target, Member method, String args, Object... values) {
        check(method, Member.Kind.METHOD, false);
        return CodeBlock.builder().add("$L.$N(", target, method.name()).add(args, values).add(")").build();
    }

    /** {@code method(args)}: an instance method the generated class inherits, called on itself. */
    static CodeBlock callInherited(Member method, String args, Object... values) {
        check(method, Member.Kind.METHOD, false);
        return CodeBlock.builder().add("$N(", method.name()).add(args, values).add(")").build();
    }

    /** {@code super(args)}: the generated class's constructor calling {@code constructor}. */
    static CodeBlock callSuper(Member constructor, String args, Object... values) {
        check(constructor, Member.Kind.CONSTRUCTOR, false);
        return CodeBlock.builder().add("super(").add(args, values).add(")").build();
    }

    /** {@code new Owner(args)}. */
    static CodeBlock construct(Member constructor, String args, Object... values) {
        check(constructor, Member.Kind.CONSTRUCTOR, false);
        return CodeBlock.builder().add("new $T(", constructor.owner()).add(args, values).add(")").build();
    }

    /** {@code Owner::method}: a method reference, to a static method or (unbound) to an instance one. */
    static CodeBlock reference(Member method) {
        check(method, Member.Kind.METHOD, method.isStatic());
        return CodeBlock.of("$T::$N", method.owner(), method.name());
    }

    /** {@code Owner.FIELD}: a static field. */
    static CodeBlock field(Member field) {
        check(field, Member.Kind.FIELD, true);
        return CodeBlock.of("$T.$N", field.owner(), field.name());
    }

    /** {@code FIELD}: a static field the generated class inherits. */
    static CodeBlock inheritedField(Member field) {
        check(field, Member.Kind.FIELD, true);
        return CodeBlock.of("$N", field.name());
    }

    /** {@code target.field}: an instance field of the expression {@code target}. */
    static CodeBlock field(Object target, Member field) {
        check(field, Member.Kind.FIELD, false);
        return CodeBlock.of("$L.$N", target, field.name());
    }

    /**
     * A method named {@code name} with {@code method}'s return type, parameters (named {@code parameterNames})
     * and exceptions: for an override, or a private helper of the same shape.
     */
    static MethodSpec.Builder shapedLike(Member method, String name, String... parameterNames) {
        check(method, Member.Kind.METHOD, false);
        if (parameterNames.length != method.parameters().size()) {
            throw new IllegalArgumentException(method.name() + " takes " + method.parameters().size() + " parameters");
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).returns(method.type());
        for (int k = 0; k < parameterNames.length; k++) m.addParameter(method.parameters().get(k), parameterNames[k]);
        method.exceptions().forEach(m::addException);
        return m;
    }

    /** {@code @Override} of {@code method}, with its access and signature. */
    static MethodSpec.Builder overriding(Member method, String... parameterNames) {
        return shapedLike(method, method.name(), parameterNames).addAnnotation(Override.class).addModifiers(method.access());
    }

    private static void check(Member member, Member.Kind kind, boolean isStatic) {
        if (member.kind() != kind || member.isStatic() != isStatic) {
            throw new IllegalArgumentException(member.owner().simpleName() + "." + member.name() + " is not "
                    + (isStatic ? "a static " : "an instance ") + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
