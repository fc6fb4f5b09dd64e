package dev.kiln.json;

import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.lang.reflect.Type;

/** {@link JsonCodec} on avaje-jsonb: no reflection, adapters generated at compile time. */
final class AvajeJsonCodec implements JsonCodec {
    static final AvajeJsonCodec INSTANCE = new AvajeJsonCodec();

    /** Built on first use, so an application without JSON routes never scans for adapters at start-up. */
    private static final class Holder {
        static final Jsonb JSONB = Jsonb.builder().build();
    }

    private AvajeJsonCodec() {}

    @Override
    public <T> Adapter<T> adapter(Type type) {
        JsonType<T> json = Holder.JSONB.type(type);
        return new Adapter<>() {
            @Override
            public T read(byte[] bytes) {
                return json.fromJson(bytes);
            }

            @Override
            public byte[] write(T value) {
                return json.toJsonBytes(value);
            }
        };
    }
}
