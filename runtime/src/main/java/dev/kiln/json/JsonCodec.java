package dev.kiln.json;

import io.avaje.jsonb.Jsonb;
import java.lang.reflect.Type;
import java.util.Objects;

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
        /**
         * The value in {@code json}; throws a {@link RuntimeException} for malformed or mismatched input, best a
         * {@link ReadException} that says where the reading stopped, which the 400 answer then names.
         */
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

    /** A document an adapter could not read: what went wrong, and at which byte. */
    final class ReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        /**
         * @param problem what went wrong, without where, such as {@code Error parsing number}
         * @param offset  the offset of the byte the reading failed on, as near as the codec can tell; -1 when it
         *                cannot
         * @param cause   the codec's own exception
         */
        public ReadException(String problem, int offset, Throwable cause) {
            super(problem, cause);
            this.offset = offset;
        }

        /** The offset of the byte the reading failed on; -1 when not known. */
        public int offset() {
            return offset;
        }
    }

    /**
     * avaje-jsonb with the adapters its annotation processor generated for {@code @Json} types on the class
     * path (found through {@link java.util.ServiceLoader}), and its built-in ones for strings, numbers,
     * collections and maps.
     */
    static JsonCodec avaje() {
        return AvajeJsonCodec.INSTANCE;
    }

    /**
     * avaje-jsonb as {@code jsonb} was built: with adapters added by hand, or settings of the application's own.
     * Its failures say where in the document they happened, as the default's do.
     */
    static JsonCodec avaje(Jsonb jsonb) {
        return new AvajeJsonCodec(Objects.requireNonNull(jsonb, "jsonb == null"));
    }
}
