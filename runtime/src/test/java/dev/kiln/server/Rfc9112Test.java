package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 9112 (HTTP/1.1) as a black box: each test sends the exact bytes of one requirement on a server as the
 * recipient of a request, over a raw socket, and asserts the status and, for a rejected request, that the connection
 * is closed. One test per row of docs/conformance.md, named after the requirement; the section is in its comment.
 * What the RFC leaves open (a MAY, or "reject or repair") follows Kiln's rule: reject what two parsers could read
 * differently, and close the connection after it.
 */
@Timeout(30)
class Rfc9112Test {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = probeServer();
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    /** After every test: a fresh client is served at once, whatever the test sent. */
    @AfterEach
    void theServerStillServes() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("ok", wire.send(Wire.get("/ok")).read().text());
        }
    }

    /**
     * The small application both RFC probes run against: {@code /ok}, {@code /echo} (the body back),
     * {@code /header/:name} (every value of that request header, joined by {@code |}; {@code -} for none).
     */
    static RunningServer probeServer() {
        TestRoutes routes = TestRoutes.builder()
                .get("/ok", ctx -> ctx.text("ok"))
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .get("/header/:name", ctx -> ctx.text(values(ctx.headers(ctx.param("name")))))
                .post("/header/:name", ctx -> ctx.text(values(ctx.headers(ctx.param("name")))))
                .build();
        return new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).maxBodySize(1024)
                .shutdownTimeout(Duration.ofSeconds(1)).start();
    }

    private static String values(List<String> values) {
        return values.isEmpty() ? "-" : String.join("|", values);
    }

    /** Sends {@code request} on a new connection: it must get {@code status} and then the connection closes. */
    static Wire.Response rejected(RunningServer server, String request, int status) throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(request.getBytes(StandardCharsets.ISO_8859_1)).read();
            assertEquals(status, r.status(), printable(request));
            assertEquals("close", r.header("Connection"), printable(request));
            assertEquals("application/problem+json", r.header("Content-Type"), printable(request));
            assertNotNull(r.header("Date"), "RFC 9110 §6.6.1: a 4xx or 5xx from a server with a clock has a Date");
            assertTrue(wire.isClosedByServer(), "closed after " + status + ": " + printable(request));
            return r;
        }
    }

    /** Sends {@code request} on a new connection and returns its response, which must be {@code status}. */
    static Wire.Response answered(RunningServer server, String request, int status) throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(request.getBytes(StandardCharsets.ISO_8859_1)).read();
            assertEquals(status, r.status(), printable(request));
            return r;
        }
    }

    /** The request with its control characters shown, for failure messages. */
    static String printable(String request) {
        StringBuilder sb = new StringBuilder();
        for (char c : request.toCharArray()) {
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    private Wire.Response rejected(String request, int status) throws IOException {
        return rejected(server, request, status);
    }

    private Wire.Response answered(String request, int status) throws IOException {
        return answered(server, request, status);
    }

    // ---- §2.2 Message parsing ------------------------------------------------------------------------------

    /** §2.2: a server SHOULD ignore at least one empty line received before the request-line. */
    @Test
    void emptyLinesBeforeTheRequestLineAreIgnored() throws IOException {
        assertEquals("ok", answered("\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\n\r\n", 200).text());
    }

    /** §2.2: a recipient MAY accept a bare LF as a line terminator; Kiln does not (two parsers could disagree). */
    @Test
    void aBareLfIsNotALineTerminator() throws IOException {
        rejected("GET /ok HTTP/1.1\nHost: t\n\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\nX-A: b\r\n\r\n", 400);
    }

    /** §2.2: a bare CR in a protocol element MUST be treated as invalid or replaced by SP; in a field it is a 400. */
    @Test
    void aBareCrInAFieldIsRejected() throws IOException {
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-\rA: b\r\n\r\n", 400);
    }

    /**
     * §2.2: a bare CR in the request-line, read as the SP it stands for (the RFC's other choice), as Netty's decoder
     * does; the request-line is then well-formed. Pinned so that a change of the decoder's reading shows up here.
     */
    @Test
    void aBareCrInTheRequestLineIsReadAsASpace() throws IOException {
        assertEquals("ok", answered("GET /ok\rHTTP/1.1\r\nHost: t\r\n\r\n", 200).text());
    }

    /** §2.2: whitespace between the start-line and the first field line: the server MUST reject or ignore the line. */
    @Test
    void whitespaceBeforeTheFirstFieldLineIsRejected() throws IOException {
        rejected("GET /ok HTTP/1.1\r\n Host: t\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\n\tX-A: b\r\nHost: t\r\n\r\n", 400);
    }

    // ---- §2.3 HTTP version -------------------------------------------------------------------------------

    /** §2.3: HTTP-name is %s"HTTP", case-sensitive; anything else does not match the grammar (§2.2: 400). */
    @Test
    void theHttpNameIsCaseSensitive() throws IOException {
        rejected("GET /ok http/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok Http/1.0\r\n\r\n", 400);
    }

    /** §2.3: HTTP-version is one digit, a dot and one digit. */
    @Test
    void aVersionIsOneDigitDotOneDigit() throws IOException {
        rejected("GET /ok HTTP/1.10\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok HTTP/01.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok HTTP/1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.x\r\nHost: t\r\n\r\n", 400);
    }

    /** §2.2: a request-line without a version (HTTP/0.9) does not match the grammar. */
    @Test
    void aRequestLineWithoutAVersionIsRejected() throws IOException {
        rejected("GET /ok\r\n\r\n", 400);
    }

    /** RFC 9110 §2.5: a higher minor version of a major version it implements is read as the highest it knows. */
    @Test
    void aHigherMinorVersionIsServedAsHttp11() throws IOException {
        assertEquals("ok", answered("GET /ok HTTP/1.7\r\nHost: t\r\n\r\n", 200).text());
    }

    /** RFC 9110 §15.6.6: a major version the server does not support is a 505, the HTTP/2 preface too. */
    @Test
    void anotherMajorVersionIs505() throws IOException {
        rejected("GET /ok HTTP/2.0\r\nHost: t\r\n\r\n", 505);
        rejected("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
    }

    // ---- §3 Request line ---------------------------------------------------------------------------------

    /**
     * §3: the elements of the request-line are separated by a single SP; a recipient MAY split on any whitespace,
     * which Kiln does not: extra, leading or trailing whitespace is a 400.
     */
    @Test
    void extraWhitespaceInTheRequestLineIsRejected() throws IOException {
        rejected("GET  /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok  HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected(" GET /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1 \r\nHost: t\r\n\r\n", 400);
    }

    /** §3: the spacing check holds for a request-line that comes in several reads, split anywhere. */
    @Test
    void aRequestLineSplitAcrossReadsIsReadWhole() throws Exception {
        String request = "GET /header/host HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n";
        for (int split : new int[] {1, 3, 4, 10, 20, 26, 31}) {
            try (Wire wire = Wire.connect(server.port())) {
                wire.send(Wire.get("/ok").substring(0, split)); // a request-line broken off after `split` bytes
                Thread.sleep(30);
                assertEquals("ok", wire.send(Wire.get("/ok").substring(split)).read().text(), "split at " + split);
                int hosts = split + 20; // from within the request-line to within the second Host line
                wire.send(request.substring(0, hosts)); // the two Host lines in different reads
                Thread.sleep(30);
                assertEquals(400, wire.send(request.substring(hosts)).read().status(), "split at " + hosts);
            }
        }
    }

    /** §3.1: the method is a token. */
    @Test
    void aMethodThatIsNotATokenIsRejected() throws IOException {
        rejected("G@T /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GE\"T /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    }

    /** §3: a request-line of fewer than three elements does not match the grammar. */
    @Test
    void aRequestLineWithoutATargetIsRejected() throws IOException {
        rejected("GET HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    }

    /** §3.2: the request-target is a URI form; a control octet, DEL or an octet outside ASCII cannot be in one. */
    @Test
    void aTargetWithAnOctetNoUriHasIsRejected() throws IOException {
        rejected("GET /o\u0001k HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /o\u0000k HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /ok\u007f HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("GET /caf\u00e9 HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    }

    // ---- §3.2 Host and the target forms -------------------------------------------------------------------

    /** §3.2: a server MUST respond 400 to an HTTP/1.1 request without a Host field. */
    @Test
    void anHttp11RequestWithoutHostIs400() throws IOException {
        rejected("GET /ok HTTP/1.1\r\n\r\n", 400);
    }

    /** §3.2: a server MUST respond 400 to a request with more than one Host field line, HTTP/1.0 too. */
    @Test
    void moreThanOneHostFieldLineIs400() throws IOException {
        rejected("GET /ok HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: a\r\nX-A: b\r\nhost: b\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    }

    /** §3.2: a server MUST respond 400 to a Host field with an invalid value (RFC 9110 §7.2: uri-host [":" port]). */
    @Test
    void aHostWithAnInvalidValueIs400() throws IOException {
        for (String host : List.of("a b", "a/b", "a@b", "a,b", "a:8x", "[::1", "a\u00e9", "a:1:2", "a]")) {
            rejected("GET /ok HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
        }
    }

    /** §3.2: each request's Host is checked, also after valid ones on the same connection (the last is remembered). */
    @Test
    void aHostIsCheckedOnEveryRequestOfAConnection() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            for (String host : List.of("a.example", "a.example", "b.example:80", "a.example")) {
                assertEquals(200, wire.send("GET /ok HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().status(), host);
            }
            assertEquals(400, wire.send("GET /ok HTTP/1.1\r\nHost: a.example,b\r\n\r\n").read().status());
            assertTrue(wire.isClosedByServer());
        }
    }

    /** §3.2: valid Host values: a name, an IPv4 or IPv6 address, with or without a port; empty without authority. */
    @Test
    void validHostValuesAreServed() throws IOException {
        for (String host : List.of("example.com", "example.com:8080", "127.0.0.1:80", "[::1]:8080", "[::1]", "xn--d-h.io",
                "a_b~c!d", "")) {
            assertEquals(host, answered("GET /header/host HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 200).text(), host);
        }
    }

    /**
     * §3.2.2: a server MUST accept the absolute form, and MUST ignore the Host field and use the target's host:
     * Kiln routes on the target's path and puts the target's authority in Host, for the application to read.
     */
    @Test
    void theAbsoluteFormIsRoutedOnItsPathAndItsHostReplacesTheHostField() throws IOException {
        assertEquals("example.com:81", answered(
                "GET http://example.com:81/header/host HTTP/1.1\r\nHost: other.example\r\n\r\n", 200).text());
        assertEquals("example.com", answered("GET HTTPS://example.com/header/host HTTP/1.1\r\nHost: example.com\r\n\r\n",
                200).text());
        assertEquals("ok", answered("GET http://example.com/ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 200).text());
    }

    /** RFC 9110 §4.2.4: a recipient SHOULD treat userinfo in an http(s) URI as an error; the scheme is http(s). */
    @Test
    void anAbsoluteFormWithUserinfoOrAnotherSchemeIsRejected() throws IOException {
        rejected("GET http://user:pw@example.com/ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
        rejected("GET ftp://example.com/ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
        rejected("GET http:///ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
        rejected("GET http://exa mple.com/ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
    }

    /** §3.2.3: the authority form is only for CONNECT, which an origin server without a tunnel does not serve. */
    @Test
    void theAuthorityFormIsRejected() throws IOException {
        answered("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400);
        answered("GET example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400);
    }

    /** §3.2.4: the asterisk form is only for a server-wide OPTIONS. */
    @Test
    void theAsteriskFormIsOnlyForOptions() throws IOException {
        Wire.Response options = answered("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n", 204);
        assertTrue(options.header("Allow").contains("GET"), options.header("Allow"));
        answered("GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    }

    // ---- §5 Field syntax ---------------------------------------------------------------------------------

    /** §5.1: a server MUST reject, with 400, a request with whitespace between a field name and the colon. */
    @Test
    void whitespaceBetweenAFieldNameAndTheColonIs400() throws IOException {
        rejected("GET /ok HTTP/1.1\r\nHost : t\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nContent-Length\t: 0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400);
    }

    /** §5.1: a field line is a token, a colon and a value: no colon, an empty name or a name that is no token is a 400. */
    @Test
    void aFieldLineThatIsNotNameColonValueIs400() throws IOException {
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-A\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\n: b\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX(A): b\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX\u00e9: b\r\n\r\n", 400);
    }

    /** §5.1: leading and trailing whitespace (OWS) is not part of the field value. */
    @Test
    void whitespaceAroundAFieldValueIsNotPartOfIt() throws IOException {
        assertEquals("a \t b", answered("GET /header/x-a HTTP/1.1\r\nHost: t\r\nX-A: \t a \t b \t \r\n\r\n", 200).text());
    }

    /**
     * §5.2: a server MUST reject an obs-fold with 400 or replace it with SP. Netty's decoder replaces it, and only
     * within a field: a folded line never becomes a field of its own.
     */
    @Test
    void anObsFoldIsReplacedBySpaceWithinItsField() throws IOException {
        assertEquals("a b", answered("GET /header/x-a HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n", 200).text());
        assertEquals("a Transfer-Encoding: chunked", answered(
                "GET /header/x-a HTTP/1.1\r\nHost: t\r\nX-A: a\r\n\tTransfer-Encoding: chunked\r\n\r\n", 200).text());
        assertEquals("-", answered("GET /header/transfer-encoding HTTP/1.1\r\nHost: t\r\nX-A: a\r\n Transfer-Encoding: chunked\r\n\r\n",
                200).text(), "the folded line is not a field");
    }

    /** RFC 9110 §5.5: a recipient of CR, LF or NUL in a field value MUST reject the message or replace them with SP. */
    @Test
    void aNulOrAControlCharacterInAFieldValueIs400() throws IOException {
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-A: a\u0000b\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-A: a\u0001b\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nX-A: a\u007fb\r\n\r\n", 400);
    }

    /** RFC 9110 §5.5: obs-text (octets 0x80 to 0xFF) is allowed in a field value and reaches the handler as it is. */
    @Test
    void obsTextInAFieldValueIsKept() throws IOException {
        // The handler reads the octet 0xE9 as the character it is in ISO-8859-1; its text answer is UTF-8.
        assertEquals("caf\u00e9", answered("GET /header/x-a HTTP/1.1\r\nHost: t\r\nX-A: caf\u00e9\r\n\r\n", 200).text());
    }

    // ---- §6 Message body: Transfer-Encoding and Content-Length -------------------------------------------

    /** §6.1: chunked not last: the server MUST respond 400 and then close the connection. */
    @Test
    void aFinalTransferCodingOtherThanChunkedIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n", 400);
    }

    /** §6.1 (RFC 9112 §7): chunked MUST NOT be applied more than once. */
    @Test
    void chunkedTwiceIs400() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400);
    }

    /**
     * §6.1: a server that receives a transfer coding it does not understand SHOULD respond 501; Kiln decodes chunked
     * alone, so any other coding before it is a 501, and the connection closes (its body cannot be framed).
     */
    @Test
    void aTransferCodingOtherThanChunkedIs501() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501);
    }

    /** §6.1: the coding name is case-insensitive. */
    @Test
    void chunkedIsCaseInsensitive() throws IOException {
        assertEquals("abc", answered("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: ChUnKeD\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                200).text());
    }

    /**
     * §6.1: Transfer-Encoding with Content-Length: the server MAY reject, and MUST close the connection after
     * responding. Kiln rejects it.
     */
    @Test
    void transferEncodingWithContentLengthIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400);
    }

    /** §6.1: an HTTP/1.0 message with Transfer-Encoding MUST be treated as faulty framing, and the connection closed. */
    @Test
    void transferEncodingInHttp10IsFaultyFramingAndCloses() throws IOException {
        rejected("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 400);
    }

    /** §6.2, §6.3: Content-Length is 1*DIGIT; a sign, a prefix, a fraction or other text makes the framing invalid. */
    @Test
    void aContentLengthThatIsNotDigitsIs400AndCloses() throws IOException {
        for (String length : List.of("+3", "-3", "0x3", "3.0", "3a", "3 3", "", "\u00b3")) {
            rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + length + "\r\n\r\nabc", 400);
        }
    }

    /** §6.3: a Content-Length too large to be a number is invalid framing. */
    @Test
    void anOverflowingContentLengthIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999\r\n\r\nabc", 400);
    }

    /** §6.3: several Content-Lengths, or a list of them, even equal: Kiln takes the RFC's choice to reject. */
    @Test
    void severalContentLengthsAre400AndClose() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 4\r\n\r\nabcd", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
    }

    /** §6.3: the same on HTTP/1.0, where two parsers could otherwise take different lengths. */
    @Test
    void severalContentLengthsOnHttp10Are400AndClose() throws IOException {
        rejected("POST /echo HTTP/1.0\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\nabcGET /", 400);
        rejected("POST /echo HTTP/1.0\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
    }

    /** §6.2: leading zeros and whitespace around the value are fine: the body is the length it says. */
    @Test
    void aContentLengthWithLeadingZerosIsItsNumber() throws IOException {
        assertEquals("abc", answered("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length:  003 \r\n\r\nabc", 200).text());
    }

    /**
     * §6.3: a body that stops short of its length (or its last chunk) is incomplete: the recipient MUST close the
     * connection. Nothing is served from it; the idle timeout closes it, on a server whose timeout is short.
     */
    @Test
    void aBodyThatStopsComingIsIncompleteAndTheConnectionCloses() throws IOException {
        RunningServer impatient = new KilnServer(TestRoutes.builder()
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream")).build())
                .port(0).host("127.0.0.1").eventLoops(1).idleTimeout(Duration.ofMillis(300))
                .shutdownTimeout(Duration.ofSeconds(1)).start();
        try {
            for (String partial : List.of("Content-Length: 10\r\n\r\nabc",
                    "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n5\r\nde")) {
                try (Wire wire = Wire.connect(impatient.port())) {
                    wire.send("POST /echo HTTP/1.1\r\nHost: t\r\n" + partial);
                    assertTrue(wire.isClosedByServer(), "closed, with nothing served: " + printable(partial));
                }
            }
        } finally {
            impatient.close();
        }
    }

    /** §6.3 (7): a request with neither Content-Length nor Transfer-Encoding has no body; what follows is the next. */
    @Test
    void aRequestWithoutFramingHasNoBody() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /echo HTTP/1.1\r\nHost: t\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("", wire.read().text());
            assertEquals("ok", wire.read().text());
        }
    }

    // ---- §7 Chunked transfer coding ----------------------------------------------------------------------

    /** §7.1: a recipient MUST be able to parse the chunked coding; sizes are hex, any case, leading zeros too. */
    @Test
    void aChunkedBodyIsDecoded() throws IOException {
        assertEquals("abcdefghijklmnop", answered("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n00A\r\ndefghijklm\r\n3\r\nnop\r\n0\r\n\r\n", 200).text());
    }

    /** §7.1.1: a recipient MUST ignore chunk extensions it does not understand. */
    @Test
    void chunkExtensionsAreIgnored() throws IOException {
        assertEquals("abcde", answered("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;name=value\r\nabc\r\n2 ; a=\"q s\";b\r\nde\r\n0;last\r\n\r\n", 200).text());
    }

    /** §7.1.1: a chunk extension outside its grammar (a control octet, a bare LF) is invalid framing. */
    @Test
    void aMalformedChunkExtensionIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;a\u0001b\r\nabc\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;a\nabc\r\n0\r\n\r\n", 400);
    }

    /**
     * §7.1.1: a server ought to limit the length of chunk extensions and answer a 4xx past it: the chunk line is
     * bounded like the request-line ({@code maxRequestLine}), answered 414 as Netty's line limit is, and closed.
     */
    @Test
    void anOverlongChunkExtensionIsRefusedAndCloses() throws IOException {
        Wire.Response r = rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x="
                + "y".repeat(64 * 1024) + "\r\nabc\r\n0\r\n\r\n", 414);
        assertTrue(r.status() >= 400 && r.status() < 500);
    }

    /** §7.1: a chunk size that is not hex digits, or too large to be a number, is invalid framing. */
    @Test
    void aChunkSizeThatIsNotHexOrOverflowsIs400AndCloses() throws IOException {
        for (String size : List.of("g", "+3", "-3", "0x3", "", "fffffffffffffffff3", "80000000")) {
            rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nabc\r\n0\r\n\r\n", 400);
        }
    }

    /** §7.1: chunk data is followed by CRLF; anything else is invalid framing. */
    @Test
    void chunkDataNotFollowedByCrlfIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400);
    }

    /** §7.1.2: a recipient MUST NOT merge a trailer field into the header section. */
    @Test
    void trailerFieldsAreNotMergedIntoTheHeaders() throws IOException {
        assertEquals("-", answered("POST /header/x-t HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\nX-T: 1\r\n\r\n", 200).text());
    }

    /** §7.1.2, RFC 9110 §6.5.1: a trailer cannot frame the message: a Content-Length there changes nothing. */
    @Test
    void aTrailerCannotChangeTheFraming() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                    + "Content-Length: 20\r\n\r\n" + Wire.get("/ok"));
            assertEquals("abc", wire.read().text());
            assertEquals("ok", wire.read().text(), "the next request starts right after the trailer section");
        }
    }

    /** §7.1.2: a trailer section follows the field-line grammar too. */
    @Test
    void aMalformedTrailerIs400AndCloses() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T : 1\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\n\r\n", 400);
    }

    // ---- §9 Connection management ------------------------------------------------------------------------

    /** §9.3: HTTP/1.1 is persistent unless "close" is sent; HTTP/1.0 only with "keep-alive". */
    @Test
    void http11PersistsByDefaultAndHttp10Closes() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            for (int i = 0; i < 3; i++) assertEquals("ok", wire.send(Wire.get("/ok")).read().text());
        }
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("close", wire.send("GET /ok HTTP/1.0\r\n\r\n").read().header("Connection"));
            assertTrue(wire.isClosedByServer());
        }
    }

    /**
     * §9.6: a server that receives "close" MUST close after its response and MUST NOT process further requests; the
     * option counts wherever it is in the list, in any case.
     */
    @Test
    void theCloseOptionClosesAfterTheResponseWhereverItIsInTheList() throws IOException {
        for (String connection : List.of("close", "keep-alive, close", "Foo,CLOSE")) {
            try (Wire wire = Wire.connect(server.port())) {
                Wire.Response r = wire.send(Wire.get("/ok", "Connection: " + connection) + Wire.get("/ok")).read();
                assertEquals("ok", r.text());
                assertEquals("close", r.header("Connection"), connection);
                assertTrue(wire.isClosedByServer(), "nothing after it is answered: " + connection);
            }
        }
    }

    /** §9.6 and Kiln's rule: after a rejected request nothing more on the connection is read or answered. */
    @Test
    void nothingAfterARejectedRequestIsServed() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(Wire.get("/ok") + "GET /ok HTTP/1.1\r\nHost : t\r\n\r\n" + Wire.get("/ok"));
            assertEquals("ok", wire.read().text(), "the request before it is answered");
            Wire.Response r = wire.read();
            assertEquals(400, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(wire.isClosedByServer(), "the request after it is not");
        }
    }

    /** §9.3.2: responses to pipelined requests go out in the order the requests came. */
    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(Wire.get("/header/x-n", "X-N: 1") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n2"
                    + Wire.get("/header/x-n", "X-N: 3"));
            assertEquals("1", wire.read().text());
            assertEquals("2", wire.read().text());
            assertEquals("3", wire.read().text());
        }
    }

    /** RFC 9110 §7.8: a server MAY ignore Upgrade; Kiln does, and answers in HTTP/1.1 on the same connection. */
    @Test
    void anUpgradeRequestIsServedAsHttp11() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(Wire.get("/ok", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c",
                    "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA")).read();
            assertEquals(200, r.status());
            assertEquals("HTTP/1.1", r.version());
            assertFalse(r.header("Upgrade") != null, "no switch offered");
            assertEquals("ok", wire.send(Wire.get("/ok")).read().text(), "still HTTP/1.1");
        }
    }
}
