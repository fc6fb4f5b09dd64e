package dev.kiln.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import org.junit.jupiter.api.AfterAll;

/**
 * The query string and the {@code Cookie} header as {@code ctx.query} and {@code ctx.cookie} decode them, through
 * the whole pipeline ({@link KilnTest}, Netty's codec included): a value a client encodes comes back unchanged, and
 * any query or cookie header at all is answered without a 500 and without a leaked buffer.
 */
class QueryAndCookieFuzzTest {
    private static final KilnTest APP = KilnTest.of(new ReadBackRoutes());

    @AfterAll
    static void noBufferLeaked() {
        LeakRecorder.assertNoLeaks();
    }

    @FuzzTest(maxDuration = "30s")
    void anEncodedQueryValueAndACookieComeBack(FuzzedDataProvider data) {
        String q = data.consumeString(200);
        String c = cookieOctets(data.consumeRemainingAsAsciiString());
        if (!Percent.isWellFormed(q)) return;
        KilnTest.Response r = APP.call("GET", "/read?x=1&q=" + Percent.encode(q) + "&y").header("Cookie", "a=b; c=" + c).send();
        assertEquals(200, r.status());
        assertEquals("=" + q + "\n=" + c, r.text());
        Leaks.check();
    }

    @FuzzTest(maxDuration = "30s")
    void anyQueryAndCookieAreAnsweredWithoutA500(FuzzedDataProvider data) {
        String query = printable(data.consumeString(300));
        String cookie = printable(data.consumeRemainingAsString());
        KilnTest.Response r = APP.call("GET", "/read?" + query).header("Cookie", cookie).send();
        assertNotEquals(500, r.status(), () -> "?" + query + " with Cookie: " + cookie);
        Leaks.check();
    }

    /** {@code s} kept to RFC 6265's cookie-octets, the bytes a cookie value may hold unquoted. */
    private static String cookieOctets(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == 0x21 || ch >= 0x23 && ch <= 0x2b || ch >= 0x2d && ch <= 0x3a || ch >= 0x3c && ch <= 0x5b
                    || ch >= 0x5d && ch <= 0x7e) sb.append(ch);
        }
        return sb.toString();
    }

    /** {@code s} without what cannot be in a request line or field value at all (CTLs, SP in a target): those are the codec's. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) if (ch > 0x20 && ch < 0x7f) sb.append(ch);
        return sb.toString();
    }
}
