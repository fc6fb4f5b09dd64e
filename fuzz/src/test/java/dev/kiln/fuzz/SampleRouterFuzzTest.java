package dev.kiln.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.sample.SampleApp;
import dev.kiln.sample.User;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import io.avaje.jsonb.Jsonb;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The sample app's generated router and binding, through the whole pipeline ({@link KilnTest}): any path is
 * answered without a 500 (but {@code /boom}, whose handler throws on purpose); a value put in {@code /users/:id}
 * comes back from {@code ctx.param} unchanged; any query on {@code /todos} is a 200, 400 or 422. No buffer leaks.
 */
class SampleRouterFuzzTest {
    private static final KilnTest APP = KilnTest.of(SampleApp.routes(SampleApp.DEFAULT_ADMIN_TOKEN));
    private static final Jsonb JSON = Jsonb.builder().build();
    /** Routes that wait ({@code /later}, {@code /slow}: their query is a delay) or fail on purpose ({@code /boom}). */
    private static final Set<String> NOT_FUZZED = Set.of("/later", "/slow", "/boom");

    @AfterAll
    static void noBufferLeaked() {
        LeakRecorder.assertNoLeaks();
    }

    @FuzzTest(maxDuration = "60s")
    void anyPathIsAnsweredWithoutA500(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"});
        StringBuilder target = new StringBuilder("/");
        for (char ch : data.consumeRemainingAsAsciiString().toCharArray()) if (ch > 0x20 && ch < 0x7f) target.append(ch);
        String path = target.toString().split("\\?", 2)[0];
        if (NOT_FUZZED.contains(path) || NOT_FUZZED.contains(path.replaceAll("/+$", ""))) return;
        KilnTest.Response r = APP.call(method, target.toString()).send();
        assertNotEquals(500, r.status(), () -> method + " " + target);
        Leaks.check();
    }

    @FuzzTest(maxDuration = "60s")
    void aPathParameterRoundTrips(FuzzedDataProvider data) {
        String id = data.consumeRemainingAsString();
        if (id.isEmpty() || !Percent.isWellFormed(id)) return;
        KilnTest.Response r = APP.get("/users/" + Percent.encode(id));
        boolean refused = id.equals(".") || id.equals("..") || id.indexOf('\0') >= 0;
        for (String segment : id.split("/", -1)) refused |= segment.equals(".") || segment.equals("..");
        if (refused) {
            assertEquals(400, r.status(), () -> "a dot segment or NUL, encoded: " + id);
        } else {
            assertEquals(200, r.status(), () -> "for " + id);
            assertEquals(JSON.toJson(new User(id)), r.text());
        }
        Leaks.check();
    }

    @FuzzTest(maxDuration = "60s")
    void anyTodoQueryIsAnsweredOrRefused(FuzzedDataProvider data) {
        String done = data.consumeString(8);
        String limit = data.consumeString(12);
        String offset = data.consumeRemainingAsString();
        if (!Percent.isWellFormed(done + limit + offset)) return;
        KilnTest.Response r = APP.get("/todos?done=" + Percent.encode(done) + "&limit=" + Percent.encode(limit)
                + "&offset=" + Percent.encode(offset));
        assertEquals(true, Set.of(200, 400, 422).contains(r.status()), () -> r.status() + " for " + done + ", " + limit + ", " + offset);
        Leaks.check();
    }
}
