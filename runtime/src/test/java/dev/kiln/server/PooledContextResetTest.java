package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.Context;
import dev.kiln.form.FormData;
import dev.kiln.form.FormLimits;
import dev.kiln.form.Forms;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@code reset()} clears every field of the pooled context, found by reflection: a field added later and not
 * cleared fails this test, whatever it is called. The fields a context keeps across requests are listed, each with
 * what reset does to it instead.
 */
class PooledContextResetTest {
    /** Kept across requests, on purpose; each is checked below for what reset does to it. */
    private static final Set<String> KEPT = Set.of(
            "routes",          // the application: a pool, and its contexts, belong to one
            "match",           // the parameter buffer: its offsets stay, its methods are cleared
            "responseHeaders", // the header map: emptied, not replaced
            "attributes",      // the attribute array: emptied, not replaced
            "generation",      // counts requests: even once released
            "lastRoute",       // the route last served, to name it in a use-after-release error
            "owner",           // the event loop that owns the context, which is where it is released
            "exceptions",      // the server's exception handlers
            "problems",        // how errors are written
            "formLimits",      // the server's bounds for form bodies
            "validationStatus"); // the status of a failed validation

    private final TestRoutes routes = TestRoutes.builder().get("/x/:id", ctx -> { }).build();

    @Test
    void resetClearsEveryFieldItDoesNotKeepOnPurpose() throws Exception {
        PooledContext fresh = new PooledContext(routes);
        PooledContext used = new PooledContext(routes);
        used.begin(Methods.GET, "/x/1", 4, null);
        used.serve();
        used.header("X-Leak", "yes");
        used.set("leak", "yes");
        List<Field> cleared = new ArrayList<>();
        for (Field field : PooledContext.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || KEPT.contains(field.getName())) continue;
            field.setAccessible(true);
            if (Modifier.isFinal(field.getModifiers())) {
                fail("PooledContext." + field.getName() + " is final and not listed as kept: list it in KEPT with why,"
                        + " and check what reset() does to it");
            }
            field.set(used, sample(field));
            cleared.add(field);
        }
        field("match", used, PathMatch.class).allowed = Methods.GET | Methods.POST;
        FileChannel file = field("responseFile", used, FileChannel.class);

        used.reset();

        for (Field field : cleared) {
            assertEquals(field.get(fresh), field.get(used), "reset() leaves PooledContext." + field.getName());
        }
        assertSame(field("routes", fresh, Object.class), field("routes", used, Object.class));
        assertSame(field("exceptions", fresh, Object.class), field("exceptions", used, Object.class));
        assertEquals(0, field("match", used, PathMatch.class).allowed, "the methods a path matched are cleared");
        assertTrue(field("responseHeaders", used, HttpHeaders.class).isEmpty(), "the response headers are emptied");
        assertTrue(Arrays.stream(field("attributes", used, Object[].class)).allMatch(Objects::isNull),
                "the attributes are emptied");
        assertFalse(file.isOpen(), "a file body left behind is closed, not only forgotten");
        assertEquals(0, used.generation() & 1, "released: an even generation");
        assertEquals(7, (int) field("lastRoute", used, Integer.class), "the route it served (the sample), for an error message");
        assertSame(Thread.currentThread(), field("owner", used, Thread.class));
        assertTrue(cleared.size() >= 15, "the fields were found: " + cleared.size());
    }

    /** A value unlike a fresh context's for a field of this type. */
    private static Object sample(Field field) {
        Class<?> type = field.getType();
        if (type == int.class) return 7;
        if (type == long.class) return 7L;
        if (type == FileChannel.class) { // a file body the server never took: reset() closes it
            try {
                Path file = Files.createTempFile("kiln-reset", ".txt");
                file.toFile().deleteOnExit();
                return FileChannel.open(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (type == String.class || type == CharSequence.class) return "left over";
        if (type == byte[].class) return new byte[] {1};
        if (type == Map.class) return Map.of("left", "over");
        if (type == List.class) return new ArrayList<>(List.of("left over"));
        if (type == Throwable.class) return new IllegalStateException("left over");
        if (type == HttpRequest.class) return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        if (type == CompletionStage.class) return new CompletableFuture<>();
        if (type == FormData.class) return Forms.read("application/x-www-form-urlencoded", new byte[] {'a'}, FormLimits.DEFAULTS);
        if (type == Context.ResultWriter.class) return (Context.ResultWriter<Object>) (ctx, value) -> { };
        if (type == StreamedResponse.class) {
            return new StreamedResponse(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), false,
                    true, 0, null, null);
        }
        if (type == ResponseOrder.class) return new RequestHandler(null);
        throw new AssertionError("PooledContext." + field.getName() + " has a type this test has no sample of ("
                + type.getName() + "): add one, so that the test can check reset() clears it");
    }

    private static <T> T field(String name, PooledContext ctx, Class<T> type) throws ReflectiveOperationException {
        Field f = PooledContext.class.getDeclaredField(name);
        f.setAccessible(true);
        Object value = f.get(ctx);
        return type == Integer.class ? type.cast(value) : type.cast(Objects.requireNonNull(value, name));
    }
}
