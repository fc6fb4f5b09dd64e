package dev.kiln.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the {@link Type}s generated code passes to {@link JsonCodec#adapter}, such as {@code List<Order>},
 * without reflection on user classes.
 */
public final class Types {
    private Types() {}

    /** {@code raw<args...>}, for example {@code parameterized(List.class, Order.class)}. */
    public static ParameterizedType parameterized(Class<?> raw, Type... args) {
        return new Parameterized(raw, args.clone());
    }

    private record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return raw.getDeclaringClass();
        }

        // Equal to the JDK's own ParameterizedType for the same type, as the interface asks.
        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && Objects.equals(getOwnerType(), p.getOwnerType())
                    && Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(raw.getTypeName()).append('<');
            for (int i = 0; i < args.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(args[i].getTypeName());
            }
            return sb.append('>').toString();
        }
    }
}
