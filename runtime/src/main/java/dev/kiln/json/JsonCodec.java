package dev.kiln.json;

import java.lang.reflect.Type;

/**
 * How Kiln reads request bodies from JSON and writes results as JSON: a small seam, so that avaje-jsonb (the
 * default, {@link #avaje()}) can be swapped for Jackson or another library with one implementation.
 *
 * <p>Generated code asks for one {@link Adapter} per type when the routes are built, never per request.
 * Plug another codec in with {@code <App>Routes.builder().json(codec)}.
 */
public interface JsonCodec {

    /** Reads and writes values of one type. Must be thread-safe: one instance serves every request. */
    interface Adapter<T> {
        /** The value in {@code json}; throws a {@link RuntimeException} (any) for malformed or mismatched input. */
        T read(byte[] json);

        /** The value as UTF-8 JSON. */
        byte[] write(T value);
    }

    /**
     * The adapter for {@code type}: a {@link Class}, or a parameterized type from {@link Types}. The adapter for
     * {@code Object.class} must write any value by its runtime type (lists and maps element by element): it
     * writes the bodies of {@link dev.kiln.Response}s, whose static type is {@code Object}.
     */
    <T> Adapter<T> adapter(Type type);

    /**
     * avaje-jsonb with the adapters its annotation processor generated for {@code @Json} types on the class
     * path (found through {@link java.util.ServiceLoader}), and its built-in ones for strings, numbers,
     * collections and maps.
     */
    static JsonCodec avaje() {
        return AvajeJsonCodec.INSTANCE;
    }
}
