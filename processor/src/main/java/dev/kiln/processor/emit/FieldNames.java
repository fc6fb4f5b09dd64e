package dev.kiln.processor.emit;

import com.palantir.javapoet.NameAllocator;
import dev.kiln.processor.model.JavaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every name {@code <App>Routes} invents, from the class's one {@link NameAllocator}: the fields holding the
 * controller and middleware instances (the builder's fields take the same names), the JSON adapters and the
 * async routes' result writers; a chain method clones it for its locals ({@link #forMethod}). A name that is
 * taken, or a Java keyword, gets a {@code _}.
 */
final class FieldNames {
    /** The static field of the route table. */
    static final String ROUTES = "ROUTES";
    /** The builder's JSON codec. */
    static final String JSON = "json";
    /** The builder's directories that replace those of {@code @StaticFiles} mounts, by path. */
    static final String DIRECTORIES = "staticDirectories";

    private final NameAllocator allocator = new NameAllocator();
    private final Map<JavaType.Declared, String> instances = new LinkedHashMap<>();
    private final Map<JavaType, String> adapters = new LinkedHashMap<>();
    private final Map<Integer, String> resultWriters = new LinkedHashMap<>();
    private final Map<String, String> validators = new LinkedHashMap<>();
    private final Map<Integer, String> mounts = new LinkedHashMap<>();

    /** @param inherited the superclass's fields that generated code names unqualified, such as {@code FORMAT} */
    FieldNames(String... inherited) {
        allocator.newName(ROUTES, ROUTES);
        allocator.newName(JSON, JSON);
        allocator.newName(DIRECTORIES, DIRECTORIES);
        for (String name : inherited) allocator.newName(name, "inherited " + name);
    }

    /** {@code OrderController} → {@code orderController}: the field of the instance of a controller or middleware. */
    String instance(JavaType.Declared type) {
        return instances.computeIfAbsent(type, t -> allocator.newName(lowerFirst(t.simpleName()), t));
    }

    /** {@code Order} → {@code orderJson}, {@code List<Order>} → {@code listOfOrderJson}: the field of a JSON adapter. */
    String adapter(JavaType type) {
        return adapters.computeIfAbsent(type, t -> allocator.newName(lowerFirst(words(t)) + "Json", "adapter " + t));
    }

    /** {@code route4Result}: the field of async route {@code id}'s {@code Context.ResultWriter}. */
    String resultWriter(int id) {
        return resultWriters.computeIfAbsent(id, k -> allocator.newName("route" + k + "Result", "result writer " + k));
    }

    /** {@code Order} → {@code validateOrder}: the static method that checks a record's constraints. */
    String validator(JavaType.Declared type) {
        return validators.computeIfAbsent(type.qualifiedName(), t -> allocator.newName("validate" + type.simpleName(),
                "validator " + t));
    }

    /**
     * {@code /assets} → {@code assetsFiles}: the field of the {@code StaticMount} of route {@code id}, a
     * {@code @StaticFiles} mount ({@code rootFiles} for the mount at {@code /}).
     */
    String mount(int id, String prefix) {
        return mounts.computeIfAbsent(id, k -> {
            String words = prefix.replaceAll("[^A-Za-z0-9]+", " ").trim();
            StringBuilder name = new StringBuilder();
            for (String w : words.isEmpty() ? new String[] {"root"} : words.split(" ")) {
                name.append(name.length() == 0 ? lowerFirst(w) : Character.toUpperCase(w.charAt(0)) + w.substring(1));
            }
            if (!Character.isJavaIdentifierStart(name.charAt(0))) name.insert(0, "mount");
            return allocator.newName(name + "Files", "mount " + k);
        });
    }

    /** The mount fields, by route index, in the order they were named. */
    Map<Integer, String> mounts() {
        return mounts;
    }

    /** A static constant named {@code suggestion}, or with a {@code _} when that is taken. */
    String constant(String suggestion) {
        return allocator.newName(suggestion, new Object());
    }

    /** The instance fields, in the order they were named: controllers, then middleware. */
    Map<JavaType.Declared, String> instances() {
        return instances;
    }

    /** The adapter fields, in the order they were named. */
    Map<JavaType, String> adapters() {
        return adapters;
    }

    /**
     * An allocator for the locals of one method, whose own parameters are {@code parameters}: no local takes a field's
     * name or a parameter's.
     */
    NameAllocator forMethod(String... parameters) {
        NameAllocator method = allocator.clone();
        for (String p : parameters) method.newName(p, "parameter " + p);
        return method;
    }

    private static String words(JavaType type) {
        if (type instanceof JavaType.Declared d && !d.arguments().isEmpty()) {
            return d.simpleName() + "Of" + d.arguments().stream().map(FieldNames::words).collect(Collectors.joining("And"));
        }
        if (type instanceof JavaType.Declared d) return d.simpleName();
        if (type instanceof JavaType.Array a) return words(a.component()) + "Array";
        return type instanceof JavaType.Primitive p ? p.keyword() : type.toString();
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
