package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/**
 * The decoder's headers answer the head checks' questions from what they saw added, in any case of the name, and
 * headers made otherwise answer them by lookup; {@link Rfc9112Test} sends the same fields over a socket.
 */
class RequestHeadersTest {
    @Test
    void fieldsAddedInAnyCaseAreSeen() {
        HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
        headers.add("HOST", "a").add("host", "b").add("content-LENGTH", "3").add("TRANSFER-encoding", "chunked")
                .add("eXpEcT", "100-continue").add("Sec-WebSocket-KEY1", "k");
        assertTrue(RequestHeaders.severalHostLines(headers));
        assertFalse(RequestHeaders.severalContentLengthLines(headers));
        assertTrue(RequestHeaders.declaresBody(headers));
        assertEquals("chunked", RequestHeaders.transferEncoding(headers));
        assertEquals("100-continue", RequestHeaders.expect(headers));
        assertTrue(RequestHeaders.hasWebSocketKey1(headers));
    }

    @Test
    void aSecondLineIsSeenAndAThirdChangesNothing() {
        HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
        headers.add("Content-Length", "1");
        assertFalse(RequestHeaders.severalContentLengthLines(headers));
        headers.add("content-length", "1");
        assertTrue(RequestHeaders.severalContentLengthLines(headers));
        headers.add("Content-Length", "1");
        assertTrue(RequestHeaders.severalContentLengthLines(headers));
        assertFalse(RequestHeaders.severalHostLines(headers), "a second Content-Length is not a second Host");
        assertNull(RequestHeaders.transferEncoding(headers));
    }

    @Test
    void namesOfTheSameLengthAreNotMistakenForThem() {
        HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
        // 4, 6, 14, 17 and 18 letters, like Host, Expect, Content-Length, Transfer-Encoding and Sec-WebSocket-Key1
        headers.add("Hose", "x").add("Expert", "x").add("Content-Lenses", "x").add("Transfer-Encodinx", "x")
                .add("Sec-WebSocket-Key2", "x");
        assertFalse(RequestHeaders.severalHostLines(headers));
        assertFalse(RequestHeaders.declaresBody(headers));
        assertNull(RequestHeaders.transferEncoding(headers));
        assertNull(RequestHeaders.expect(headers));
        assertFalse(RequestHeaders.hasWebSocketKey1(headers));
    }

    @Test
    void headersMadeOtherwiseAreLookedUp() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Transfer-Encoding", "chunked").set("Expect", "x")
                .set("Sec-WebSocket-Key1", "k").add("Host", "a").add("Host", "b");
        assertTrue(RequestHeaders.severalHostLines(headers));
        assertFalse(RequestHeaders.severalContentLengthLines(headers));
        assertTrue(RequestHeaders.declaresBody(headers));
        assertEquals("chunked", RequestHeaders.transferEncoding(headers));
        assertEquals("x", RequestHeaders.expect(headers));
        assertTrue(RequestHeaders.hasWebSocketKey1(headers));
        assertFalse(RequestHeaders.declaresBody(new DefaultHttpHeaders()));
    }

    @Test
    void valuesAreConvertedAsInNettysHeaders() {
        java.util.Date date = new java.util.Date(784111777000L);
        HttpHeaders ours = RequestHeaders.FACTORY.newHeaders().add("Date", date).add("X-N", 42).set("X-S", "s");
        HttpHeaders netty = new DefaultHttpHeaders().add("Date", date).add("X-N", 42).set("X-S", "s");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", ours.get("date"));
        assertEquals(netty.entries().toString(), ours.entries().toString());
        assertEquals(42, ours.getInt("x-n"));
    }
}
