package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The certificate is reloaded without a restart, when asked ({@link RunningServer#reloadTls()}, the sample app's
 * SIGHUP) and when its files change: new connections get the new one, open connections keep theirs and go on
 * serving, and files that cannot be used leave the certificate served as it was.
 */
@Timeout(60)
class TlsReloadTest {
    @TempDir
    static Path dir;
    static TestCertificates.Pair first;
    static TestCertificates.Pair second;
    static SSLContext trustingBoth;

    @BeforeAll
    static void certificates() throws Exception {
        first = TestCertificates.make(dir, "kiln-first", false);
        second = TestCertificates.make(dir, "kiln-second", true);
        trustingBoth = TestCertificates.trusting(first, second);
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    /** The files the server is given: a copy of {@code first}'s, replaced by the tests. */
    private static TestCertificates.Pair served(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path cert = Files.copy(first.cert(), d.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        Path key = Files.copy(first.key(), d.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        return new TestCertificates.Pair(cert, key, "served");
    }

    /** Replaces the served files with {@code pair}'s, as a renewal would: written to a temporary name, then moved. */
    private static void replace(TestCertificates.Pair served, TestCertificates.Pair pair) throws Exception {
        for (Path[] p : new Path[][] {{pair.cert(), served.cert()}, {pair.key(), served.key()}}) {
            Path temporary = Files.copy(p[0], p[1].resolveSibling(p[1].getFileName() + ".new"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static KilnServer server(TlsProvider provider, TestCertificates.Pair served) {
        return new KilnServer(TestRoutes.builder().get("/hello", ctx -> ctx.text("hello")).build()).port(0)
                .host("127.0.0.1").eventLoops(1).printRoutes(false).shutdownTimeout(Duration.ofSeconds(1))
                .tlsProvider(provider).tlsCert(served.cert()).tlsKey(served.key());
    }

    /** The common name of the certificate a connection was given. */
    private static String servedName(Wire w) throws Exception {
        return w.session().getPeerCertificates()[0] instanceof X509Certificate c
                ? c.getSubjectX500Principal().getName() : null;
    }

    private static Wire connect(RunningServer s) throws Exception {
        return TlsTest.connect(s, trustingBoth);
    }

    private static void assertServes(Wire w) throws Exception {
        assertEquals("hello", w.send(Wire.get("/hello")).read().text());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void reloadGivesNewConnectionsTheNewCertificateAndOpenOnesServeOn(TlsProvider provider) throws Exception {
        TestCertificates.Pair served = served("asked-" + provider);
        try (RunningServer s = server(provider, served).tlsReloadInterval(Duration.ZERO).start();
             Wire before = connect(s)) {
            assertServes(before);
            assertEquals("CN=kiln-first", servedName(before));
            replace(served, second);
            try (Wire unchanged = connect(s)) {
                assertEquals("CN=kiln-first", servedName(unchanged), "no interval: nothing reloads unasked");
            }
            s.reloadTls();
            try (Wire after = connect(s)) {
                assertEquals("CN=kiln-second", servedName(after));
                assertServes(after);
            }
            assertServes(before);
            assertEquals("CN=kiln-first", servedName(before), "an open connection keeps its certificate");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void changedFilesAreReloadedUnasked(TlsProvider provider) throws Exception {
        TestCertificates.Pair served = served("watched-" + provider);
        try (RunningServer s = server(provider, served).tlsReloadInterval(Duration.ofMillis(50)).start()) {
            try (Wire w = connect(s)) {
                assertEquals("CN=kiln-first", servedName(w));
            }
            replace(served, second);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String name;
            do {
                Thread.sleep(20);
                try (Wire w = connect(s)) {
                    name = servedName(w);
                    assertServes(w);
                }
            } while (!name.equals("CN=kiln-second") && System.nanoTime() < deadline);
            assertEquals("CN=kiln-second", name, "the change was seen within 10 s");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void filesThatCannotBeUsedLeaveTheCertificateAsItWas(TlsProvider provider) throws Exception {
        TestCertificates.Pair served = served("broken-" + provider);
        try (RunningServer s = server(provider, served).tlsReloadInterval(Duration.ofMillis(50)).start()) {
            // A renewal half done: the new certificate, the old key.
            Files.copy(second.cert(), served.cert(), StandardCopyOption.REPLACE_EXISTING);
            IllegalStateException e = assertThrows(IllegalStateException.class, s::reloadTls);
            assertEquals("tlsKey " + served.key() + " does not belong to the certificate in tlsCert " + served.cert()
                    + "; still serving CN=kiln-first, valid until ", e.getMessage().substring(0,
                    e.getMessage().indexOf("valid until ") + "valid until ".length()));
            Thread.sleep(200); // long enough for the watch to have looked: reloadTls read these files already
            try (Wire w = connect(s)) {
                assertEquals("CN=kiln-first", servedName(w));
                assertServes(w);
            }
            Files.copy(second.key(), served.key(), StandardCopyOption.REPLACE_EXISTING); // the renewal completed
            s.reloadTls();
            try (Wire w = connect(s)) {
                assertEquals("CN=kiln-second", servedName(w));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aPlainServerHasNothingToReload() throws Exception {
        try (RunningServer s = new KilnServer(TestRoutes.builder().get("/hello", ctx -> ctx.text("hello")).build())
                .port(0).host("127.0.0.1").eventLoops(1).printRoutes(false).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, s::reloadTls);
            assertTrue(e.getMessage().startsWith("this server has no TLS"), e.getMessage());
        }
    }
}
