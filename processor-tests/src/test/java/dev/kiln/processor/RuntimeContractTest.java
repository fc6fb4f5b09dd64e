package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.kiln.Response;
import dev.kiln.bind.BadRequest;
import dev.kiln.bind.Params;
import dev.kiln.processor.contract.IntConstant;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.Primitive;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.contract.StringConstant;
import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.tree.HttpMethod;
import dev.kiln.routing.Methods;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The processor knows the runtime only by the names in {@link RuntimeContract}; this loads the runtime and checks
 * every one of them by reflection, signatures included, and the facts the two sides share: the HTTP methods and
 * their bits, the HEAD fallback, the status range and the primitive conversions.
 */
class RuntimeContractTest {

    @Test
    void everyConstantOfTheContractIsInTheRuntime() throws IllegalAccessException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Field f : RuntimeContract.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            checked += check(f.getName(), f.get(null), problems);
        }
        assertTrue(problems.isEmpty(), "the runtime does not have what the contract says:\n" + String.join("\n", problems));
        assertTrue(checked > 80, "only " + checked + " names checked");
    }

    /** A wrong signature is caught: the checker is no rubber stamp. */
    @Test
    void aMemberWithAWrongSignatureIsReported() {
        ClassName context = RuntimeContract.CONTEXT;
        Member wrongParameter = new Member(context, Member.Kind.METHOD, "param", false, javax.lang.model.element.Modifier.PUBLIC,
                ClassName.get(String.class), List.of(TypeName.LONG), List.of());
        Member wrongReturn = new Member(context, Member.Kind.METHOD, "param", false, javax.lang.model.element.Modifier.PUBLIC,
                TypeName.INT, List.of(TypeName.INT), List.of());
        Member wrongStatic = new Member(context, Member.Kind.METHOD, "param", true, javax.lang.model.element.Modifier.PUBLIC,
                ClassName.get(String.class), List.of(TypeName.INT), List.of());
        Member missingType = new Member(ClassName.get("dev.kiln", "Nowhere"), Member.Kind.FIELD, "x", true,
                javax.lang.model.element.Modifier.PUBLIC, TypeName.INT, List.of(), List.of());
        for (Member m : List.of(wrongParameter, wrongReturn, wrongStatic, missingType)) {
            List<String> problems = new ArrayList<>();
            check("probe", m, problems);
            assertEquals(1, problems.size(), m + " gave " + problems);
        }
        List<String> problems = new ArrayList<>();
        check("probe", "a string", problems);
        assertEquals(1, problems.size(), "a constant of a kind the test cannot check fails it");
    }

    // ---- what both sides decide -------------------------------------------------------------------------------

    @Test
    void theHttpMethodsAreTheRuntimesInOrderWithTheirBits() throws ReflectiveOperationException {
        HttpMethod[] methods = HttpMethod.values();
        assertEquals(methods.length, RuntimeContract.ROUTE_ANNOTATIONS.size(), "one route annotation per method");
        assertEquals(methods.length, RuntimeContract.METHOD_BITS.size(), "one bit per method");
        Set<String> constants = new TreeSet<>();
        for (HttpMethod m : methods) {
            String name = m.name();
            String annotation = name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
            assertEquals(annotation, RuntimeContract.ROUTE_ANNOTATIONS.get(m.ordinal()).owner().simpleName(), name);
            Member bit = RuntimeContract.METHOD_BITS.get(m.ordinal());
            assertEquals(name, bit.name(), "bit of " + name);
            int value = Methods.class.getField(bit.name()).getInt(null);
            assertEquals(1 << m.ordinal(), value, "the bits follow the processor's order: " + name);
            assertEquals(value, Methods.bit(name), "Methods.bit(" + name + ")");
            assertEquals(name, Methods.name(value), "Methods.name of " + name + "'s bit");
            constants.add(name);
        }
        constants.add("NONE");
        Set<String> runtime = new TreeSet<>();
        for (Field f : Methods.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) runtime.add(f.getName());
        }
        assertEquals(constants, runtime, "the runtime's method constants");
        assertEquals(0, Methods.bit("TRACE"), "a method no route can declare has no bit");
    }

    /**
     * The messages of the Jakarta constraints Kiln checks are in the order of {@code Constraint.Kind}, each the one of
     * its annotation: the reader finds an annotation's message by its kind's position.
     */
    @Test
    void theJakartaConstraintsAreInTheOrderOfTheirKinds() {
        List<String> kinds = Arrays.stream(Constraint.Kind.values()).map(Constraint.Kind::annotation).toList();
        List<String> annotations = RuntimeContract.JAKARTA_MESSAGES.stream().map(m -> m.owner().simpleName()).toList();
        assertEquals(kinds, annotations);
    }

    /**
     * The HEAD fallback, which the tree's lookup and the generated router take from {@link HttpMethod#fallback}, is
     * the runtime's: a path whose only route is for one method allows that method, the methods that fall back to it,
     * and OPTIONS (always answered).
     */
    @Test
    void theFallbacksAreTheRuntimes() {
        for (HttpMethod declared : HttpMethod.values()) {
            List<String> allowed = new ArrayList<>();
            for (HttpMethod m : HttpMethod.values()) {
                if (m == declared || m.fallback() == declared || m == HttpMethod.OPTIONS) allowed.add(m.name());
            }
            assertEquals(String.join(", ", allowed), Methods.allow(Methods.bit(declared.name())), "Allow of a " + declared + " route");
        }
        assertEquals(List.of(HttpMethod.GET, HttpMethod.HEAD), HttpMethod.GET.answers(Set.of("GET")), "GET alone answers HEAD");
        assertEquals(List.of(HttpMethod.GET), HttpMethod.GET.answers(Set.of("GET", "HEAD")), "not where HEAD has its own");
    }

    @Test
    void theStatusRangeIsTheRuntimes() {
        assertEquals(Response.MIN_STATUS, RuntimeContract.MIN_STATUS.value());
        assertEquals(Response.MAX_STATUS, RuntimeContract.MAX_STATUS.value());
    }

    /** Values a client or a {@code @Default} might send, each a trap for one parser or another. */
    private static final List<String> TRICKY = List.of("0", "1", "-1", "+1", " 1", "1 ", "01", "1_000", "1,000", "0x10", "0b1",
            "1L", "1.0", "1.", ".5", "1e3", "1E3", "1d", "1f", "0x1p3", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity",
            "infinity", "TRUE", "True", "true", "FALSE", "false", "yes", "no", "on", "t", "a", "ab", "é", "\u0663", "",
            " ", "127", "128", "-128", "-129", "32767", "32768", "-32769", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "3.4028235e38",
            "3.5e38", "1.7976931348623157e308", "1e309", "-1e309", "4.9e-325", "1e-50");

    @Test
    void primitiveConversionsAcceptWhatParamsAccepts() throws ReflectiveOperationException {
        List<String> disagreements = new ArrayList<>();
        for (Primitive p : Primitive.values()) {
            Method converter = Params.class.getMethod(p.converter().name(), String.class, String.class, String.class);
            assertEquals(p.keyword(), converter.getReturnType().getName(), "the converter of " + p + " returns it");
            for (String value : TRICKY) {
                boolean runtime;
                try {
                    converter.invoke(null, value, "x", "query");
                    runtime = true;
                } catch (InvocationTargetException e) {
                    BadRequest refused = (BadRequest) e.getCause();
                    assertEquals(p.keyword(), refused.expected(), "what the 400 body says was expected");
                    runtime = false;
                }
                if (runtime != p.accepts(value)) {
                    disagreements.add(p.keyword() + " \"" + value + "\": runtime " + (runtime ? "accepts" : "refuses"));
                }
            }
        }
        assertTrue(disagreements.isEmpty(), "the build and the runtime disagree:\n" + String.join("\n", disagreements));
    }

    // ---- the checker -----------------------------------------------------------------------------------------

    /** Checks one constant (a list item by item); returns how many names it checked. */
    private static int check(String where, Object value, List<String> problems) {
        try {
            if (value instanceof ClassName c) {
                checkType(where, c, problems);
                return 1;
            }
            if (value instanceof ArrayTypeName a) return check(where + "[]", a.componentType(), problems);
            if (value instanceof TypeName t && t.isPrimitive()) return 0; // nothing to look up
            if (value instanceof Member m) {
                checkMember(where, m, problems);
                return 1;
            }
            if (value instanceof IntConstant k) {
                checkMember(where, k.field(), problems);
                Field f = load(k.field().owner()).getField(k.field().name());
                if (!Modifier.isFinal(f.getModifiers())) problems.add(where + ": " + f + " is not final");
                else if (f.getInt(null) != k.value()) problems.add(where + ": " + f + " is " + f.getInt(null) + ", not " + k.value());
                return 1;
            }
            if (value instanceof StringConstant k) {
                checkMember(where, k.field(), problems);
                Field f = load(k.field().owner()).getField(k.field().name());
                if (!Modifier.isFinal(f.getModifiers())) problems.add(where + ": " + f + " is not final");
                else if (!k.value().equals(f.get(null))) problems.add(where + ": " + f + " is " + f.get(null) + ", not " + k.value());
                return 1;
            }
            if (value instanceof List<?> list) {
                int n = 0;
                for (int k = 0; k < list.size(); k++) n += check(where + "[" + k + "]", list.get(k), problems);
                return n;
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            problems.add(where + ": " + e);
            return 0;
        }
        problems.add(where + ": a " + value.getClass().getSimpleName() + ", which this test cannot check; teach it first");
        return 0;
    }

    private static void checkType(String where, ClassName name, List<String> problems) throws ClassNotFoundException {
        Class<?> cls = load(name);
        if (!Modifier.isPublic(cls.getModifiers())) problems.add(where + ": " + cls + " is not public");
        if (name.packageName().equals(RuntimeContract.KILN_APPLICATION.packageName()) && !cls.isAnnotation()) {
            problems.add(where + ": " + cls + " is not an annotation");
        }
    }

    private static void checkMember(String where, Member m, List<String> problems) throws ReflectiveOperationException {
        Class<?> owner = load(m.owner());
        checkType(where, m.owner(), problems);
        Class<?>[] parameters = new Class<?>[m.parameters().size()];
        for (int k = 0; k < parameters.length; k++) parameters[k] = type(m.parameters().get(k));
        java.lang.reflect.Member found;
        Class<?> type;
        switch (m.kind()) {
            case FIELD -> {
                Field f = field(owner, m.name());
                found = f;
                type = f.getType();
            }
            case METHOD -> {
                Method method = method(owner, m.name(), parameters);
                found = method;
                type = method.getReturnType();
            }
            default -> {
                Constructor<?> c = owner.getDeclaredConstructor(parameters);
                found = c;
                type = void.class;
            }
        }
        String signature = m.owner().simpleName() + "." + m.name() + List.of(parameters).stream().map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
        if (type != type(m.type())) problems.add(where + ": " + signature + " is of type " + type.getName() + ", not " + m.type());
        if (Modifier.isStatic(found.getModifiers()) != m.isStatic()) {
            problems.add(where + ": " + signature + (m.isStatic() ? " is not static" : " is static"));
        }
        boolean access = m.access() == javax.lang.model.element.Modifier.PUBLIC ? Modifier.isPublic(found.getModifiers())
                : Modifier.isProtected(found.getModifiers());
        if (!access) problems.add(where + ": " + signature + " is not " + m.access());
        if (found instanceof Executable e) {
            Set<Class<?>> declared = new HashSet<>(List.of(e.getExceptionTypes()));
            Set<Class<?>> expected = new HashSet<>();
            for (TypeName t : m.exceptions()) expected.add(type(t));
            if (!declared.equals(expected)) problems.add(where + ": " + signature + " throws " + declared + ", not " + expected);
        }
    }

    /** A field of {@code owner} or of a superclass, whatever its access. */
    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        throw new NoSuchFieldException(owner.getName() + "." + name);
    }

    /** A method of {@code owner}, a superclass or an interface, whatever its access. */
    private static Method method(Class<?> owner, String name, Class<?>[] parameters) throws NoSuchMethodException {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            types.add(c);
            types.addAll(List.of(c.getInterfaces()));
        }
        for (Class<?> c : types) {
            try {
                return c.getDeclaredMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                // try the next
            }
        }
        throw new NoSuchMethodException(owner.getName() + "." + name + List.of(parameters));
    }

    private static Class<?> load(ClassName name) throws ClassNotFoundException {
        return Class.forName(name.reflectionName(), false, RuntimeContractTest.class.getClassLoader());
    }

    private static Class<?> type(TypeName t) throws ClassNotFoundException {
        if (t.isPrimitive() || t.equals(TypeName.VOID)) {
            return switch (t.toString()) {
                case "int" -> int.class;
                case "long" -> long.class;
                case "short" -> short.class;
                case "byte" -> byte.class;
                case "double" -> double.class;
                case "float" -> float.class;
                case "boolean" -> boolean.class;
                case "char" -> char.class;
                default -> void.class;
            };
        }
        if (t instanceof ArrayTypeName a) return type(a.componentType()).arrayType();
        if (t instanceof ClassName c) return load(c);
        throw new ClassNotFoundException("not an erased type: " + t);
    }
}
