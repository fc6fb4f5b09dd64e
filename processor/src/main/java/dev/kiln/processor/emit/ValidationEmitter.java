package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.model.Constraint.Subject;
import dev.kiln.processor.model.Constraint.Validation;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.model.TypeCatalog.Property;
import dev.kiln.processor.model.TypeCatalog.TypeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes the constraint checks: for a route, the checks of its parameters after they are bound and before the
 * handler is called; for each record type a body reaches, one static {@code validateX(value, out)} method that
 * every route reading it calls, and that calls the methods of the records it holds with {@code @Valid}.
 *
 * <p>The checks allocate nothing while a request is valid: a violation is added to a {@code Violations} made on
 * the first one ({@code Violations.add(null, ...)} makes it), its message is a constant, and a nested record's path
 * is put in front of its violations' names only when it has any. A {@code @Pattern} is compiled once, into a
 * static field. After the checks, violations are thrown as one {@code InvalidRequest} naming every one.
 */
final class ValidationEmitter {
    private static final ClassName PATTERN = ClassName.get("java.util.regex", "Pattern");

    private final TypeCatalog catalog;
    private final FieldNames names;
    /** Whether each record type, by qualified name, has anything to check; false while it is being decided. */
    private final Map<String, Boolean> needs = new HashMap<>();
    /** The validate methods written so far, by the record's qualified name; more are added as calls name them. */
    private final Map<String, MethodSpec> methods = new LinkedHashMap<>();
    private final List<JavaType.Declared> pending = new ArrayList<>();
    private final List<FieldSpec> patterns = new ArrayList<>();

    ValidationEmitter(TypeCatalog catalog, FieldNames names) {
        this.catalog = catalog;
        this.names = names;
    }

    /** Whether {@code route} has anything to check before its handler is called. */
    boolean validates(RouteModel route) {
        return route.bindings().stream().anyMatch(this::validates);
    }

    private boolean validates(Binding b) {
        return !b.validation().constraints().isEmpty() || b.validation().cascade() && cascadeTarget(b.conversion().javaType()) != null;
    }

    /**
     * The checks of a route's parameters, each bound already into its local ({@code locals.get(k)} for binding k),
     * ending with the throw of whatever was found.
     */
    CodeBlock routeChecks(RouteModel route, NameAllocator locals) {
        CodeBlock.Builder code = CodeBlock.builder();
        String out = locals.newName("violations", new Object());
        code.addStatement("$T $N = null", RuntimeContract.VIOLATIONS, out);
        List<Binding> bindings = route.bindings();
        for (int k = 0; k < bindings.size(); k++) {
            Binding b = bindings.get(k);
            if (!validates(b)) continue;
            String value = locals.get(k);
            String in = b.source().label();
            if (!b.validation().constraints().isEmpty()) {
                if (b.conversion().wrapper() == Conversion.Wrapper.OPTIONAL) {
                    // An optional parameter's constraints are on its value; absent, it is null to them.
                    String inner = locals.newName(value + "Value", new Object());
                    JavaType element = b.conversion().element().boxed();
                    code.addStatement("$T $N = $N.orElse(null)", TypeNames.of(element), inner, value);
                    value = inner;
                }
                String hint = route.methodName() + "_" + b.javaName();
                code.add(constraintChecks(value, b.validation().constraints(), b.name().isEmpty() ? b.javaName() : b.name(),
                        in, out, hint));
            }
            if (b.validation().cascade()) code.add(cascade(value, b.conversion().javaType(), null, out, locals));
        }
        code.beginControlFlow("if ($N != null)", out)
                .addStatement("throw $L", Code.call(CodeBlock.of("$N", out), RuntimeContract.VIOLATIONS_REJECTED, ""))
                .endControlFlow();
        return code.build();
    }

    /** The validate methods of every record the routes' checks reach. */
    List<MethodSpec> methods() {
        while (!pending.isEmpty()) {
            JavaType.Declared type = pending.remove(0);
            methods.put(type.qualifiedName(), validator(type));
        }
        return List.copyOf(methods.values());
    }

    /** The compiled {@code @Pattern}s the checks use. */
    List<FieldSpec> fields() {
        return patterns;
    }

    /** {@code validateOrder}: the method that checks records of {@code type}, written once however many call it. */
    private String validatorOf(JavaType.Declared type) {
        String name = names.validator(type);
        if (!methods.containsKey(type.qualifiedName())) {
            methods.put(type.qualifiedName(), null); // a place in the order; written by methods()
            pending.add(type);
        }
        return name;
    }

    private MethodSpec validator(JavaType.Declared type) {
        TypeName raw = TypeNames.raw(type);
        NameAllocator locals = names.forMethod("value", "out");
        MethodSpec.Builder m = MethodSpec.methodBuilder(names.validator(type))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(RuntimeContract.VIOLATIONS)
                .addParameter(raw, "value")
                .addParameter(RuntimeContract.VIOLATIONS, "out")
                .addJavadoc("Checks the constraints of a {@link $T}, and of the records it holds with {@code @Valid}: each\n"
                        + "violation is added to {@code out} (made on the first), named by its path in the record.\n", raw)
                .beginControlFlow("if (value == null)")
                .addStatement("return out")
                .endControlFlow();
        for (Property p : catalog.get(type).properties()) {
            Validation v = p.validation();
            boolean cascades = v.cascade() && cascadeTarget(p.type()) != null;
            if (v.constraints().isEmpty() && !cascades) continue;
            String local = locals.newName(p.name(), new Object());
            m.addStatement("$T $N = value.$N()", TypeNames.of(p.type()), local, p.name());
            m.addCode(constraintChecks(local, v.constraints(), p.name(), "body", "out", type.simpleName() + "_" + p.name()));
            if (cascades) m.addCode(cascade(local, p.type(), p.name(), "out", locals));
        }
        return m.addStatement("return out").build();
    }

    /**
     * Checks the records that {@code value} (a local of type {@code type}) holds: itself, or each of its list or
     * array, their violations named under {@code field} ({@code null} for the body itself).
     */
    private CodeBlock cascade(String value, JavaType type, String field, String out, NameAllocator locals) {
        JavaType.Declared record = cascadeTarget(type);
        CodeBlock.Builder code = CodeBlock.builder();
        String validate = validatorOf(record);
        if (type.equals(record) && field == null) { // the body itself: its names need no path in front
            return code.addStatement("$N = $N($N, $N)", out, validate, value, out).build();
        }
        String mark = locals.newName("mark", new Object());
        CodeBlock nest = field == null ? CodeBlock.of("null") : CodeBlock.of("$S", field);
        if (type.equals(record)) {
            code.addStatement("int $N = $L", mark, Code.call(RuntimeContract.VIOLATIONS_SIZE, "$N", out));
            code.addStatement("$N = $N($N, $N)", out, validate, value, out);
            code.addStatement(Code.call(RuntimeContract.VIOLATIONS_NEST, "$N, $N, $L, -1", out, mark, nest));
            return code.build();
        }
        String i = locals.newName("i", new Object());
        code.beginControlFlow("if ($N != null)", value);
        boolean list = type instanceof JavaType.Declared d && d.qualifiedName().equals("java.util.List");
        if (type instanceof JavaType.Array || list) {
            code.beginControlFlow("for (int $N = 0; $N < $N.$L; $N++)", i, i, value, list ? "size()" : "length", i);
            code.addStatement("int $N = $L", mark, Code.call(RuntimeContract.VIOLATIONS_SIZE, "$N", out));
            code.addStatement("$N = $N($N$L, $N)", out, validate, value, list ? CodeBlock.of(".get($N)", i) : CodeBlock.of("[$N]", i),
                    out);
        } else {
            String element = locals.newName("element", new Object());
            code.addStatement("int $N = 0", i);
            code.beginControlFlow("for ($T $N : $N)", TypeNames.raw(record), element, value);
            code.addStatement("int $N = $L", mark, Code.call(RuntimeContract.VIOLATIONS_SIZE, "$N", out));
            code.addStatement("$N = $N($N, $N)", out, validate, element, out);
        }
        code.addStatement(Code.call(RuntimeContract.VIOLATIONS_NEST, "$N, $N, $L, $N$L", out, mark, nest, i,
                type instanceof JavaType.Array || list ? "" : "++"));
        code.endControlFlow();
        return code.endControlFlow().build();
    }

    /** The record type whose validate method checks {@code type}'s values, or null when there is nothing to check. */
    private JavaType.Declared cascadeTarget(JavaType type) {
        if (type instanceof JavaType.Array a) return needsCheck(a.component()) ? (JavaType.Declared) a.component() : null;
        if (!(type instanceof JavaType.Declared d)) return null;
        if (needsCheck(d)) return d;
        TypeInfo info = catalog.types().get(d.qualifiedName());
        if (info != null && info.kind() == TypeInfo.Kind.COLLECTION && d.arguments().size() == 1
                && needsCheck(d.arguments().get(0))) {
            return (JavaType.Declared) d.arguments().get(0);
        }
        return null;
    }

    /** Whether {@code type} is a record with a constraint somewhere, its own or one of a record it cascades to. */
    private boolean needsCheck(JavaType type) {
        if (!(type instanceof JavaType.Declared d)) return false;
        TypeInfo info = catalog.types().get(d.qualifiedName());
        if (info == null || !info.record()) return false;
        Boolean known = needs.get(d.qualifiedName());
        if (known != null) return known;
        needs.put(d.qualifiedName(), false); // a record that holds itself adds nothing by that
        boolean result = false;
        for (Property p : info.properties()) {
            if (!p.validation().constraints().isEmpty() || p.validation().cascade() && cascadeTarget(p.type()) != null) {
                result = true;
                break;
            }
        }
        needs.put(d.qualifiedName(), result);
        return result;
    }

    /** For each constraint, {@code if (broken) out = Violations.add(out, name, in, message);}. */
    private CodeBlock constraintChecks(String v, List<Constraint> constraints, String name, String in, String out, String hint) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (Constraint c : constraints) {
            CodeBlock broken = broken(v, c, hint);
            if (broken == null) continue; // it always holds, such as @Size with no bounds
            code.beginControlFlow("if ($L)", broken)
                    .addStatement("$N = $L", out, Code.call(RuntimeContract.VIOLATIONS_ADD, "$N, $S, $S, $S", out, name, in, c.message()))
                    .endControlFlow();
        }
        return code.build();
    }

    /** The condition under which {@code v} breaks {@code c}; null when it never does. */
    private CodeBlock broken(String v, Constraint c, String hint) {
        Subject s = c.subject();
        CodeBlock notNull = s.nullable() ? CodeBlock.of("$N != null && ", v) : CodeBlock.of("");
        return switch (c.kind()) {
            case NOT_NULL -> CodeBlock.of("$N == null", v);
            case NOT_EMPTY -> CodeBlock.of("$N == null || $L", v, switch (s) {
                case TEXT -> CodeBlock.of("$N.length() == 0", v);
                case ARRAY -> CodeBlock.of("$N.length == 0", v);
                default -> CodeBlock.of("$N.isEmpty()", v);
            });
            case NOT_BLANK -> Code.call(RuntimeContract.CHECKS_IS_BLANK, "$N", v);
            case SIZE -> {
                CodeBlock length = switch (s) {
                    case TEXT -> CodeBlock.of("$N.length()", v);
                    case ARRAY -> CodeBlock.of("$N.length", v);
                    default -> CodeBlock.of("$N.size()", v);
                };
                boolean low = c.min() > 0;
                boolean high = c.max() < Integer.MAX_VALUE;
                if (!low && !high) yield null;
                if (low && high) yield CodeBlock.of("$L($L < $L || $L > $L)", notNull, length, c.min(), length, c.max());
                yield low ? CodeBlock.of("$L$L < $L", notNull, length, c.min()) : CodeBlock.of("$L$L > $L", notNull, length, c.max());
            }
            case MIN -> compare(v, s, notNull, "<", c.min());
            case MAX -> compare(v, s, notNull, ">", c.max());
            case POSITIVE -> zero(v, s, notNull, "<=");
            case POSITIVE_OR_ZERO -> zero(v, s, notNull, "<");
            case PATTERN -> CodeBlock.of("$L!$N.matcher($N).matches()", notNull, pattern(c.regex(), hint), v);
            case EMAIL -> CodeBlock.of("$L!$L", notNull, Code.call(RuntimeContract.CHECKS_IS_EMAIL, "$N", v));
        };
    }

    private static CodeBlock compare(String v, Subject s, CodeBlock notNull, String operator, long bound) {
        String literal = bound >= Integer.MIN_VALUE && bound <= Integer.MAX_VALUE ? String.valueOf(bound) : bound + "L";
        return switch (s) {
            case BIG_INTEGER -> CodeBlock.of("$L$L $L 0", notNull, Code.call(RuntimeContract.CHECKS_COMPARE_BIG_INTEGER, "$N, $L",
                    v, literal), operator);
            case BIG_DECIMAL -> CodeBlock.of("$L$L $L 0", notNull, Code.call(RuntimeContract.CHECKS_COMPARE_BIG_DECIMAL, "$N, $L",
                    v, literal), operator);
            default -> CodeBlock.of("$L$N $L $L", notNull, v, operator, literal);
        };
    }

    private static CodeBlock zero(String v, Subject s, CodeBlock notNull, String operator) {
        if (s == Subject.BIG_INTEGER || s == Subject.BIG_DECIMAL) return CodeBlock.of("$L$N.signum() $L 0", notNull, v, operator);
        return CodeBlock.of("$L$N $L 0", notNull, v, operator);
    }

    /** A static field holding {@code regex} compiled, named after {@code hint}: {@code NEW_TODO_TITLE}. */
    private String pattern(String regex, String hint) {
        String name = names.constant(upperSnake(hint));
        patterns.add(FieldSpec.builder(PATTERN, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.compile($S)", PATTERN, regex).build());
        return name;
    }

    /** {@code NewTodo_title} → {@code NEW_TODO_TITLE}. */
    private static String upperSnake(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) out.append('_');
            out.append(c);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
