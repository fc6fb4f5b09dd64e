package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate and key files that cannot be used stop start-up with one line naming the setting and the file, and
 * leave no thread running.
 */
@Timeout(30)
class TlsFilesTest {
    @TempDir
    static Path dir;
    static TestCertificates.Pair a;
    static TestCertificates.Pair b;

    @BeforeAll
    static void certificates() throws Exception {
        a = TestCertificates.make(dir, "kiln-a", false);
        b = TestCertificates.make(dir, "kiln-b", true);
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    private static KilnServer server() {
        return new KilnServer(TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build())
                .host("127.0.0.1").port(0).eventLoops(1).printRoutes(false);
    }

    private static Set<Thread> kilnThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("kiln-")).collect(Collectors.toSet());
    }

    /** Starts {@code server}, expecting the start to fail with {@code reason}; nothing of it is left running. */
    private static void refused(KilnServer server, String reason) {
        Set<Thread> before = kilnThreads();
        ServerStartException e = assertThrows(ServerStartException.class, server::start);
        assertEquals("Kiln could not start on 127.0.0.1:0: " + reason, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(before, kilnThreads(), "no thread started");
    }

    @Test
    void aMissingFileIsNamedWithItsSetting() {
        Path none = dir.resolve("none.pem");
        refused(server().tlsCert(none).tlsKey(a.key()), "tlsCert " + none + ": no such file");
        refused(server().tlsCert(a.cert()).tlsKey(none), "tlsKey " + none + ": no such file");
        refused(server().tlsPkcs12(none), "tlsPkcs12 " + none + ": no such file");
    }

    @Test
    void aDirectoryIsNoFile() {
        ServerStartException e = assertThrows(ServerStartException.class, () -> server().tlsCert(dir).tlsKey(a.key()).start());
        assertTrue(e.getMessage().startsWith("Kiln could not start on 127.0.0.1:0: tlsCert " + dir + " cannot be read: "),
                e.getMessage());
    }

    @Test
    void oneOfThePemFilesAloneIsNotEnough() {
        refused(server().tlsCert(a.cert()), "tlsCert is set but tlsKey is not; HTTPS needs both PEM files");
        refused(server().tlsKey(a.key()), "tlsKey is set but tlsCert is not; HTTPS needs both PEM files");
        refused(server().tlsCert(a.cert()).tlsKey(a.key()).tlsPkcs12(a.cert()),
                "tlsPkcs12 and tlsCert/tlsKey are both set; set the PEM files or the PKCS#12 file, not both");
    }

    @Test
    void filesThatHoldSomethingElseAreRefused() throws Exception {
        refused(server().tlsCert(a.key()).tlsKey(a.key()), "tlsCert " + a.key() + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        refused(server().tlsCert(a.cert()).tlsKey(a.cert()),
                "tlsKey " + a.cert() + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        Path pkcs1 = dir.resolve("pkcs1.key");
        TestCertificates.run(List.of("openssl", "rsa", "-in", a.key().toString(), "-traditional", "-out", pkcs1.toString()));
        refused(server().tlsCert(a.cert()).tlsKey(pkcs1), "tlsKey " + pkcs1 + " is a RSA key, not PKCS#8; convert it"
                + " with openssl pkcs8 -topk8 -nocrypt -in pkcs1.key -out key.pem");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        refused(server().tlsCert(a.cert()).tlsKey(b.key()),
                "tlsKey " + b.key() + " does not belong to the certificate in tlsCert " + a.cert());
    }

    @Test
    void anEncryptedKeyNeedsItsPassword() throws Exception {
        Path encrypted = dir.resolve("encrypted.key");
        TestCertificates.run(List.of("openssl", "pkcs8", "-topk8", "-in", a.key().toString(), "-out",
                encrypted.toString(), "-passout", "pass:right"));
        refused(server().tlsCert(a.cert()).tlsKey(encrypted),
                "tlsKey " + encrypted + " is encrypted and tlsKeyPassword is not set");
        ServerStartException e = assertThrows(ServerStartException.class,
                () -> server().tlsCert(a.cert()).tlsKey(encrypted).tlsKeyPassword("wrong").start());
        assertTrue(e.getMessage().contains("tlsKey " + encrypted + " cannot be decrypted"), e.getMessage());
    }

    @Test
    void aPkcs12FileWithTheWrongPasswordIsRefused() throws Exception {
        Path p12 = dir.resolve("a.p12");
        TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-in", a.cert().toString(), "-inkey",
                a.key().toString(), "-out", p12.toString(), "-passout", "pass:right"));
        ServerStartException e = assertThrows(ServerStartException.class,
                () -> server().tlsPkcs12(p12).tlsPkcs12Password("wrong").start());
        assertTrue(e.getMessage().startsWith("Kiln could not start on 127.0.0.1:0: tlsPkcs12 " + p12
                + " cannot be read with tlsPkcs12Password (a wrong password, or not a PKCS#12 file)"), e.getMessage());
        Path certOnly = dir.resolve("cert-only.p12");
        TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-nokeys", "-in", a.cert().toString(),
                "-out", certOnly.toString(), "-passout", "pass:right"));
        refused(server().tlsPkcs12(certOnly).tlsPkcs12Password("right"),
                "tlsPkcs12 " + certOnly + " holds no private key with its certificate");
    }

    @Test
    void aBadFileFromTheEnvironmentStopsStartUpTheSameWay() {
        Path none = dir.resolve("missing.crt");
        Settings settings = Settings.from(java.util.Map.of("KILN_TLS_CERT", none.toString(), "KILN_TLS_KEY",
                a.key().toString()), new java.util.Properties(), null);
        refused(server().settings(settings), "tlsCert " + none + ": no such file");
        assertTrue(Files.exists(a.key()));
    }
}
