package dev.kiln.bind;

import dev.kiln.Context;
import dev.kiln.RequestRejected;
import dev.kiln.json.JsonCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversions generated binding code calls: each takes the raw value (null when absent), the parameter's
 * name and where it comes from, and returns the converted value or throws {@link BadRequest} naming them.
 *
 * <p>Primitives have their own methods so nothing is boxed; other types go through {@link #convert} with a
 * method reference the generated code holds ({@code UUID::fromString}, {@code Money::of}), which the JVM
 * creates once, so binding allocates only the values themselves.
 */
public final class Params {
    private static final Logger log = LoggerFactory.getLogger(Params.class);

    private Params() {}

    /** Converts a present raw value; a {@link RuntimeException} from it means the value is malformed. */
    @FunctionalInterface
    public interface Converter<T> {
        /** Converts {@code raw}, the value of parameter {@code name} from {@code in}; never called with null. */
        T convert(String raw, String name, String in);
    }

    /** {@code raw}, or {@code fallback} (a {@code @Default}) when absent. */
    public static String or(String raw, String fallback) {
        return raw != null ? raw : fallback;
    }

    private static String require(String raw, String name, String in, String expected) {
        if (raw == null) throw new BadRequest(name, in, expected);
        return raw;
    }

    /** {@code raw} itself, for a {@code String} parameter that must be present: absent is a {@link BadRequest}. */
    public static String string(String raw, String name, String in) {
        return require(raw, name, in, "string");
    }

    /** A decimal int, as {@link Integer#parseInt(String)} reads it; out of range is a {@link BadRequest}. */
    public static int toInt(String raw, String name, String in) {
        try {
            return Integer.parseInt(require(raw, name, in, "int"));
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "int");
        }
    }

    /** A decimal long, as {@link Long#parseLong(String)} reads it; out of range is a {@link BadRequest}. */
    public static long toLong(String raw, String name, String in) {
        try {
            return Long.parseLong(require(raw, name, in, "long"));
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "long");
        }
    }

    /** A decimal short, as {@link Short#parseShort(String)} reads it; out of range is a {@link BadRequest}. */
    public static short toShort(String raw, String name, String in) {
        try {
            return Short.parseShort(require(raw, name, in, "short"));
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "short");
        }
    }

    /** A decimal byte, as {@link Byte#parseByte(String)} reads it; out of range is a {@link BadRequest}. */
    public static byte toByte(String raw, String name, String in) {
        try {
            return Byte.parseByte(require(raw, name, in, "byte"));
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "byte");
        }
    }

    /** A finite double: {@code NaN} and infinities are refused, since no handler expects them from a client. */
    public static double toDouble(String raw, String name, String in) {
        try {
            double d = Double.parseDouble(require(raw, name, in, "double"));
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "double");
        }
    }

    /** A finite float: {@code NaN} and infinities are refused, since no handler expects them from a client. */
    public static float toFloat(String raw, String name, String in) {
        try {
            float f = Float.parseFloat(require(raw, name, in, "float"));
            if (Float.isNaN(f) || Float.isInfinite(f)) throw new NumberFormatException();
            return f;
        } catch (NumberFormatException e) {
            throw new BadRequest(name, in, "float");
        }
    }

    /** {@code true} or {@code false}, any case; nothing else (not 1/0, not yes/no). */
    public static boolean toBoolean(String raw, String name, String in) {
        String v = require(raw, name, in, "boolean");
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new BadRequest(name, in, "boolean");
    }

    /** Exactly one character; empty or longer is a {@link BadRequest}. */
    public static char toChar(String raw, String name, String in) {
        String v = require(raw, name, in, "char");
        if (v.length() != 1) throw new BadRequest(name, in, "char");
        return v.charAt(0);
    }

    /** A constant of {@code type} by its exact name, or else its name in upper case. */
    public static <E extends Enum<E>> E toEnum(String raw, Class<E> type, String name, String in) {
        if (raw == null) throw new BadRequest(name, in, enumExpected(type)); // the list is built only for an error
        String v = raw;
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException again) {
                throw new BadRequest(name, in, enumExpected(type));
            }
        }
    }

    private static String enumExpected(Class<? extends Enum<?>> type) {
        return "one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** A value made by {@code factory} (a {@code valueOf}, {@code of}, {@code parse} or constructor reference). */
    public static <T> T convert(String raw, Function<String, T> factory, String name, String in, String expected) {
        String v = require(raw, name, in, expected);
        try {
            T value = factory.apply(v);
            if (value == null) throw new BadRequest(name, in, expected);
            return value;
        } catch (BadRequest e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadRequest(name, in, expected);
        }
    }

    /** Empty when absent, else the converted value. */
    public static <T> Optional<T> optional(String raw, Converter<T> converter, String name, String in) {
        return raw == null ? Optional.empty() : Optional.of(converter.convert(raw, name, in));
    }

    /** Null when absent, else the converted value: for boxed types, which may be null. */
    public static <T> T nullable(String raw, Converter<T> converter, String name, String in) {
        return raw == null ? null : converter.convert(raw, name, in);
    }

    /** Every value converted, in request order; empty when there is none. */
    public static <T> List<T> list(List<String> raws, Converter<T> converter, String name, String in) {
        List<T> values = new ArrayList<>(raws.size());
        for (String raw : raws) values.add(converter.convert(raw, name, in));
        return values;
    }

    /** {@link #optional} for an enum. */
    public static <E extends Enum<E>> Optional<E> optionalEnum(String raw, Class<E> type, String name, String in) {
        return raw == null ? Optional.empty() : Optional.of(toEnum(raw, type, name, in));
    }

    /** {@link #list} for an enum. */
    public static <E extends Enum<E>> List<E> listEnum(List<String> raws, Class<E> type, String name, String in) {
        List<E> values = new ArrayList<>(raws.size());
        for (String raw : raws) values.add(toEnum(raw, type, name, in));
        return values;
    }

    /** {@link #optional} for a type made by a factory. */
    public static <T> Optional<T> optionalOf(String raw, Function<String, T> factory, String name, String in, String expected) {
        return raw == null ? Optional.empty() : Optional.of(convert(raw, factory, name, in, expected));
    }

    /** {@link #list} for a type made by a factory. */
    public static <T> List<T> listOf(List<String> raws, Function<String, T> factory, String name, String in, String expected) {
        List<T> values = new ArrayList<>(raws.size());
        for (String raw : raws) values.add(convert(raw, factory, name, in, expected));
        return values;
    }

    /**
     * The request body read as JSON of the adapter's type: 415 when the request declares another media type
     * than JSON, 400 (naming {@code expected}, and why: an empty body, malformed JSON at a line and column, a field
     * of the wrong type) when it cannot be read. The reason is logged at debug level too.
     */
    public static <T> T json(Context ctx, JsonCodec.Adapter<T> adapter, String name, String expected) {
        String type = ctx.header("Content-Type");
        if (type != null && !isJson(type)) throw new UnsupportedMediaType(type, "application/json");
        byte[] body = ctx.body();
        String reason;
        if (body.length == 0) {
            reason = "empty body";
        } else {
            try {
                T value = adapter.read(body);
                if (value != null) return value;
                reason = "the document is null";
            } catch (RequestRejected e) {
                throw e;
            } catch (RuntimeException e) {
                reason = JsonDiagnosis.reason(body, e);
            }
        }
        log.debug("{} {}: body '{}' is not {}: {}", ctx.method(), ctx.path(), name, expected, reason);
        throw new BadRequest(name, "body", expected, reason);
    }

    /** {@code application/json}, or any {@code +json} type (RFC 6839), parameters ignored. */
    static boolean isJson(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }
}
