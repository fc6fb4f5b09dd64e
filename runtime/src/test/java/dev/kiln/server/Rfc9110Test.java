package dev.kiln.server;

import static dev.kiln.server.Rfc9112Test.answered;
import static dev.kiln.server.Rfc9112Test.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The requirements of RFC 9110 (HTTP semantics) on a server as the recipient of a request that its HTTP/1.1
 * front door decides, over a raw socket against the same application as {@link Rfc9112Test}. Rows of
 * docs/conformance.md; field values, Host and the target forms are in {@link Rfc9112Test} with the syntax they
 * belong to.
 */
@Timeout(30)
class Rfc9110Test {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = Rfc9112Test.probeServer();
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    /** §9.1: the method token is case-sensitive: {@code get} is not {@code GET}, so it is not routed as one. */
    @Test
    void methodNamesAreCaseSensitive() throws IOException {
        Wire.Response r = answered(server, "get /ok HTTP/1.1\r\nHost: t\r\n\r\n", 405);
        assertNotEquals("ok", r.text());
    }

    /** §9.3.8: TRACE is not served, so nothing of the request (such as its cookies) is reflected back. */
    @Test
    void traceIsNotServedAndReflectsNothing() throws IOException {
        Wire.Response r = answered(server, "TRACE /ok HTTP/1.1\r\nHost: t\r\nCookie: secret=s3cr3t\r\n\r\n", 405);
        assertFalse(r.text().contains("s3cr3t"), r.text());
    }

    /** §9.3.6: CONNECT asks for a tunnel; an origin server that has none refuses its authority-form target. */
    @Test
    void connectIsRefused() throws IOException {
        answered(server, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400);
    }

    /** §9.3.7: {@code OPTIONS *} asks about the server: answered with what it allows, without routing; a 204 (§8.6). */
    @Test
    void optionsAsteriskDescribesTheServer() throws IOException {
        Wire.Response r = answered(server, "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n", 204);
        assertEquals("GET, HEAD, POST, OPTIONS", r.header("Allow"));
        assertNull(r.header("Content-Length"), "§8.6: a server MUST NOT send Content-Length in a 204");
    }

    /** §4.2.4: userinfo in an http(s) target is an error (it is often a phishing trick and never means anything here). */
    @Test
    void userinfoInTheTargetIsAnError() throws IOException {
        rejected(server, "GET http://admin@example.com/ok HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
    }

    /** §7.2: Host and the target's authority cannot disagree: the target's wins and the application sees only it. */
    @Test
    void theTargetsAuthorityIsTheHostTheApplicationSees() throws IOException {
        assertEquals("a.example", answered(server,
                "GET http://a.example/header/host HTTP/1.1\r\nHost: b.example\r\n\r\n", 200).text());
    }

    /** §10.1.1: an expectation other than 100-continue is a 417 (also in HttpConformanceTest). */
    @Test
    void anUnknownExpectationIs417() throws IOException {
        rejected(server, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\nok", 417);
    }

    /**
     * §5.3: several Expect lines are one list, so an unknown expectation on the second is a 417 too (found by the
     * differential against nginx); the same expectation twice is still 100-continue.
     */
    @Test
    void anUnknownExpectationOnASecondLineIs417() throws IOException {
        rejected(server, "GET /ok HTTP/1.1\r\nHost: t\r\nExpect: 100-Continue\r\nExpect: foo\r\n\r\n", 417);
        rejected(server, "GET /ok HTTP/1.1\r\nHost: t\r\nExpect: foo\r\nExpect: 100-continue\r\n\r\n", 417);
        answered(server, "GET /ok HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nexpect: 100-Continue\r\n\r\n", 200);
    }

    /** §5.5: field values are validated where they are received, in a trailer too. */
    @Test
    void aControlCharacterInATrailerValueIs400() throws IOException {
        rejected(server, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\u0000b\r\n\r\n", 400);
    }
}
