package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Http2RequestHeaders} against what Netty's conversion of the same HTTP/2 headers to HTTP/1.1 makes, which
 * is what a stream served by its own handler reads; but for cookies, which Netty's conversion leaves as several
 * fields and RFC 9113 §8.2.3 has joined into one.
 */
class Http2RequestHeadersTest {
    private static Http2Headers request() {
        Http2Headers h2 = new DefaultHttp2Headers();
        h2.method("GET").scheme("https").path("/a?b=c").authority("example.com:8443");
        h2.add("accept", "text/plain");
        h2.add("cookie", "a=1");
        h2.add("x-many", "1");
        h2.add("cookie", "b=2");
        h2.add("x-many", "2");
        h2.add("content-length", "0");
        h2.add("if-modified-since", "Wed, 21 Oct 2015 07:28:00 GMT");
        return h2;
    }

    /**
     * What Netty's HTTP/2 to HTTP/1.1 conversion makes of the same headers, without its extension headers and
     * with the cookies joined.
     */
    private static HttpHeaders converted() throws Exception {
        HttpHeaders netty = HttpConversionUtil.toHttpRequest(3, request(), false).headers();
        netty.set("cookie", String.join("; ", netty.getAll("cookie")));
        for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
            netty.remove(n.text());
        }
        return netty;
    }

    @Test
    void readsAsNettysConversionDoes() throws Exception {
        HttpHeaders view = new Http2RequestHeaders(request());
        HttpHeaders netty = converted();
        for (String name : List.of("Host", "host", "ACCEPT", "Cookie", "x-many", "X-Many", "content-length", "absent")) {
            assertEquals(netty.get(name), view.get(name), name);
            assertEquals(netty.getAll(name), view.getAll(name), name);
            assertEquals(netty.contains(name), view.contains(name), name);
        }
        assertEquals(netty.size(), view.size());
        assertEquals(new java.util.HashSet<>(netty.names()), view.names());
        assertEquals(entries(netty), entries(view));
        assertEquals(entries(netty), entries(view.copy()));
    }

    @Test
    void cookiesOfSeveralFieldsAreOneValue() {
        HttpHeaders view = new Http2RequestHeaders(request());
        assertEquals("a=1; b=2", view.get("cookie"));
        assertEquals(List.of("a=1; b=2"), view.getAll("Cookie"));
        assertEquals(1, view.getAll("cookie").size());
        assertNull(new Http2RequestHeaders(new DefaultHttp2Headers().method("GET").path("/")).get("cookie"));
    }

    @Test
    void hidesThePseudoHeaders() {
        HttpHeaders view = new Http2RequestHeaders(request());
        for (String name : List.of(":method", ":path", ":scheme", ":authority")) {
            assertNull(view.get(name), name);
            assertTrue(view.getAll(name).isEmpty(), name);
            assertFalse(view.contains(name), name);
        }
        for (Map.Entry<String, String> e : view) assertFalse(e.getKey().startsWith(":"), e.getKey());
    }

    @Test
    void hostIsItsOwnFieldWhenSentAndElseTheAuthority() {
        Http2Headers h2 = new DefaultHttp2Headers().method("GET").path("/").authority("a.example");
        assertEquals("a.example", new Http2RequestHeaders(h2).get(HttpHeaderNames.HOST));
        h2.add("host", "a.example");
        HttpHeaders view = new Http2RequestHeaders(h2);
        assertEquals(List.of("a.example"), view.getAll("host"));
        assertEquals(1, view.size(), "one host field, not two");
        assertNull(new Http2RequestHeaders(new DefaultHttp2Headers().method("GET").path("/")).get("host"));
    }

    @Test
    void convertsValuesAsOtherHeadersDo() {
        HttpHeaders view = new Http2RequestHeaders(request());
        assertEquals(0, view.getInt("content-length"));
        assertEquals(7, view.getInt("absent", 7));
        assertNull(view.getInt("accept"), "not a number");
        assertEquals(1445412480000L, view.getTimeMillis("If-Modified-Since"));
        assertTrue(view.containsValue("accept", "TEXT/plain", true));
        assertTrue(HttpUtil.isKeepAlive(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", view)));
    }

    @Test
    void refusesChangesAndCopiesMutably() {
        HttpHeaders view = new Http2RequestHeaders(request());
        assertThrows(UnsupportedOperationException.class, () -> view.set("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> view.add("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> view.remove("accept"));
        assertThrows(UnsupportedOperationException.class, view::clear);
        HttpHeaders copy = view.copy();
        copy.set("x", "y");
        assertEquals("y", copy.get("x"));
        assertNull(view.get("x"));
    }

    private static List<String> entries(HttpHeaders headers) {
        List<String> all = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) all.add(e.getKey().toLowerCase() + "=" + e.getValue());
        all.sort(null);
        return all;
    }
}
