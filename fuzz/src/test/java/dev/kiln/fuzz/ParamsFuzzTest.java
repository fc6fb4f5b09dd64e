package dev.kiln.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.RequestRejected;
import dev.kiln.bind.Params;
import java.util.concurrent.TimeUnit;

/**
 * {@link Params}, what generated binding calls on every path, query, header and cookie value: any string either
 * converts or is a {@link RequestRejected} (a 400), never another exception (a 500); and what a client writes
 * for a value converts back to that value.
 */
class ParamsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyValueConvertsOrIsABadRequest(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        convertOrReject(() -> Params.toInt(raw, "p", "query"));
        convertOrReject(() -> Params.toLong(raw, "p", "query"));
        convertOrReject(() -> Params.toShort(raw, "p", "query"));
        convertOrReject(() -> Params.toByte(raw, "p", "query"));
        convertOrReject(() -> Params.toDouble(raw, "p", "query"));
        convertOrReject(() -> Params.toFloat(raw, "p", "query"));
        convertOrReject(() -> Params.toBoolean(raw, "p", "query"));
        convertOrReject(() -> Params.toChar(raw, "p", "query"));
        convertOrReject(() -> Params.toEnum(raw, TimeUnit.class, "p", "query"));
        convertOrReject(() -> Params.string(raw, "p", "query"));
    }

    @FuzzTest(maxDuration = "30s")
    void whatAClientWritesConvertsBack(FuzzedDataProvider data) {
        int i = data.consumeInt();
        long l = data.consumeLong();
        double d = data.consumeRegularDouble();
        float f = data.consumeRegularFloat();
        boolean b = data.consumeBoolean();
        assertEquals(i, Params.toInt(Integer.toString(i), "p", "query"));
        assertEquals(l, Params.toLong(Long.toString(l), "p", "query"));
        assertEquals(d, Params.toDouble(Double.toString(d), "p", "query"));
        assertEquals(f, Params.toFloat(Float.toString(f), "p", "query"));
        assertEquals(b, Params.toBoolean(Boolean.toString(b), "p", "query"));
        TimeUnit unit = data.pickValue(TimeUnit.values());
        assertEquals(unit, Params.toEnum(unit.name(), TimeUnit.class, "p", "query"));
    }

    private interface Conversion {
        Object run();
    }

    private static void convertOrReject(Conversion c) {
        try {
            c.run();
        } catch (RequestRejected expected) {
            // a 400 with a problem body: the right answer to a value that does not convert
        }
    }
}
