package dev.kiln.json;

import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.lang.reflect.Type;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link JsonCodec} on avaje-jsonb: no reflection, adapters generated at compile time. */
final class AvajeJsonCodec implements JsonCodec {
    static final AvajeJsonCodec INSTANCE = new AvajeJsonCodec(null);

    /** Built on first use, so an application without JSON routes never scans for adapters at start-up. */
    private static final class Holder {
        static final Jsonb JSONB = Jsonb.builder().build();
    }

    /** How avaje-jsonb says where its reader stopped: {@code at position: 17, following: ...}. */
    private static final Pattern POSITION = Pattern.compile("at position: (\\d+)");

    /** The Jsonb an application built; null for the default one, built on first use. */
    private final Jsonb own;

    AvajeJsonCodec(Jsonb own) {
        this.own = own;
    }

    /**
     * The offset of the byte the reader failed on, or -1. avaje reports how many bytes it had read, the offending
     * one last; a number that would not parse has been read whole, so its offset is where that token starts: the
     * byte after the separator before it.
     */
    private static int offset(JsonReader reader, String problem, byte[] json) {
        try {
            Matcher m = POSITION.matcher(String.valueOf(reader.location()));
            if (!m.find()) return -1;
            int at = Math.min(Integer.parseInt(m.group(1)), json.length) - 1;
            if (problem.startsWith("Error parsing number")) {
                while (at > 0 && !isSeparator(json[at - 1])) at--;
            }
            return Math.max(0, at);
        } catch (RuntimeException e) {
            return -1; // the location is for messages only: never let it hide the failure itself
        }
    }

    private static boolean isSeparator(byte b) {
        return b == ',' || b == ':' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** The exception's message without the location avaje appends to some of them. */
    private static String problem(JsonException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(" at position: ");
        return at < 0 ? message : message.substring(0, at);
    }

    @Override
    public <T> Adapter<T> adapter(Type type) {
        Jsonb jsonb = own != null ? own : Holder.JSONB;
        JsonType<T> json = jsonb.type(type);
        return new Adapter<>() {
            @Override
            public T read(byte[] bytes) {
                // Closed when done, as json.fromJson(bytes) does: avaje recycles its readers per thread, and one
                // left open after a failure makes the next read on the thread fail too.
                try (JsonReader reader = jsonb.reader(bytes)) {
                    try {
                        return json.fromJson(reader);
                    } catch (JsonException e) {
                        String problem = problem(e);
                        throw new ReadException(problem, offset(reader, problem, bytes), e);
                    }
                }
            }

            @Override
            public byte[] write(T value) {
                return json.toJsonBytes(value);
            }
        };
    }
}
