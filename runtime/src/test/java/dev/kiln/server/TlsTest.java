package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS, with each provider (OpenSSL from the test class path's netty-tcnative, and the JDK's), reached by the JDK's
 * {@code HttpClient}, {@code curl} and {@code openssl s_client}: TLS 1.3 and 1.2 only, modern cipher suites, ALPN,
 * file bodies through TLS, PEM (plain and encrypted keys) and PKCS#12, and the settings' variables.
 */
@Timeout(60)
class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates.Pair rsa;
    static TestCertificates.Pair ec;
    static Path file;
    static byte[] fileBytes;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = TestCertificates.make(dir, "kiln-rsa", false);
        ec = TestCertificates.make(dir, "kiln-ec", true);
        fileBytes = new byte[1 << 20];
        new Random(7).nextBytes(fileBytes);
        file = Files.write(dir.resolve("body.bin"), fileBytes);
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    static final TestRoutes ROUTES = TestRoutes.builder()
            .get("/hello", ctx -> ctx.text("hello"))
            .get("/file", ctx -> ctx.file(FileChannel.open(file, StandardOpenOption.READ), 0, fileBytes.length,
                    "application/octet-stream"))
            .build();

    static KilnServer server(TlsProvider provider, TestCertificates.Pair pair) {
        return new KilnServer(ROUTES).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .shutdownTimeout(Duration.ofSeconds(1)).tlsProvider(provider).tlsCert(pair.cert()).tlsKey(pair.key());
    }

    static HttpClient client(HttpClient.Version version, TestCertificates.Pair... trusted) throws Exception {
        return HttpClient.newBuilder().version(version).sslContext(TestCertificates.trusting(trusted))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(HttpClient client, RunningServer s, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP/1.1 connection over TLS, offering {@code alpn} (none when empty). */
    static Wire connect(RunningServer s, SSLContext context, String... alpn) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.setSoTimeout(Wire.READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", s.port()), Wire.READ_TIMEOUT_MS);
        if (alpn.length > 0) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(alpn);
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return Wire.over(socket);
    }

    /** {@code openssl s_client} against the server with {@code options}: what it prints. */
    static String sClient(RunningServer s, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + s.port(), "-servername", "localhost"));
        command.addAll(List.of(options));
        return TestCertificates.run(command, "", false); // stdin at its end: s_client leaves after the handshake
    }

    @Test
    void openSslIsTheDefaultWhereItLoads() {
        assertEquals(null, TlsProvider.openSslUnavailableReason(), "netty-tcnative is on the test class path");
        assertEquals(TlsProvider.OPENSSL, TlsProvider.best());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void theJdkHttpClientIsServedOverTls13(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            assertEquals(provider, s.tlsProvider());
            HttpResponse<String> r = get(client(HttpClient.Version.HTTP_1_1, rsa), s, "/hello");
            assertEquals(200, r.statusCode());
            assertEquals("hello", r.body());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("TLSv1.3", r.sslSession().orElseThrow().getProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void theJdkHttpClientAskingForHttp2GetsTheProtocolAlpnChose(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, ec).start()) {
            HttpResponse<String> r = get(client(HttpClient.Version.HTTP_2, ec), s, "/hello");
            assertEquals("hello", r.body());
            assertEquals(HttpClient.Version.HTTP_2, r.version(), "the client offered h2 and http/1.1 by ALPN");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void curlIsServed(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            String url = "https://127.0.0.1:" + s.port() + "/hello";
            String http11 = TestCertificates.run(List.of("curl", "-sS", "--cacert", rsa.cert().toString(),
                    "--http1.1", "-w", " %{http_version} %{http_code}", url));
            assertEquals("hello 1.1 200", http11);
            String http2 = TestCertificates.run(List.of("curl", "-sS", "--cacert", rsa.cert().toString(),
                    "--http2", "-w", " %{http_version} %{http_code}", url));
            assertEquals("hello 2 200", http2);
            // curl checks the certificate: one it does not trust is refused
            String untrusted = TestCertificates.run(List.of("curl", "-sS", "--cacert", ec.cert().toString(),
                    "--http1.1", url), null, false);
            assertTrue(untrusted.contains("SSL certificate problem"), untrusted);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tls13And12AreSpokenAndTls11And10Refused(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            assertTrue(sClient(s, "-tls1_3").contains("New, TLSv1.3, Cipher is TLS_"), "TLS 1.3 spoken");
            String tls12 = sClient(s, "-tls1_2");
            assertTrue(tls12.contains("New, TLSv1.2, Cipher is ECDHE-RSA-"), tls12);
            assertTrue(tls12.contains("GCM") || tls12.contains("CHACHA20"), "authenticated encryption: " + tls12);
            for (String old : List.of("-tls1_1", "-tls1")) {
                // OpenSSL 3 refuses to offer them at its default security level: level 0 lets it, so that the
                // server is the one that refuses.
                String refused = sClient(s, old, "-cipher", "DEFAULT@SECLEVEL=0");
                assertTrue(refused.contains("alert protocol version"), old + " refused by the server: " + refused);
                assertFalse(refused.contains("New, TLSv1"), refused);
            }
            HttpResponse<String> r = get(client(HttpClient.Version.HTTP_1_1, rsa), s, "/hello");
            assertEquals("hello", r.body(), "and still serves");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void onlyTheModernCipherSuitesAreAccepted(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            for (String weak : List.of("AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA256")) {
                String out = sClient(s, "-tls1_2", "-cipher", weak);
                assertFalse(out.contains("New, TLSv1.2"), weak + " was accepted: " + out);
                assertTrue(out.contains("alert handshake failure"), weak + " refused by the server: " + out);
            }
            assertTrue(sClient(s, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")
                    .contains("Cipher is ECDHE-RSA-CHACHA20-POLY1305"));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void alpnChoosesTheServersFirstProtocolTheClientOffers(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            assertTrue(sClient(s, "-alpn", "h2,http/1.1").contains("ALPN protocol: h2"));
            assertTrue(sClient(s, "-alpn", "http/1.1").contains("ALPN protocol: http/1.1"));
            assertTrue(sClient(s, "-alpn", "spdy/3").contains("No ALPN negotiated"), "none of ours: no answer");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientThatAsksForNoProtocolOrOnlyOthersGetsHttp11(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            SSLContext trusting = TestCertificates.trusting(rsa);
            try (Wire none = connect(s, trusting); Wire other = connect(s, trusting, "spdy/3")) {
                for (Wire w : List.of(none, other, none)) {
                    Wire.Response r = w.send(Wire.get("/hello")).read();
                    assertEquals("HTTP/1.1", r.version());
                    assertEquals("hello", r.text());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aFileBodyGoesThroughTlsAndTheConnectionServesOn(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, ec).start();
             Wire w = connect(s, TestCertificates.trusting(ec))) {
            for (int i = 0; i < 2; i++) {
                Wire.Response r = w.send(Wire.get("/file")).read();
                assertEquals(200, r.status());
                assertEquals(String.valueOf(fileBytes.length), r.header("content-length"));
                assertArrayEquals(fileBytes, r.body());
                assertEquals("hello", w.send(Wire.get("/hello")).read().text(), "the next response after the file");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aPkcs12FileServes(TlsProvider provider) throws Exception {
        Path p12 = dir.resolve("rsa-" + provider + ".p12");
        TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-in", rsa.cert().toString(), "-inkey",
                rsa.key().toString(), "-out", p12.toString(), "-passout", "pass:s3cret"));
        KilnServer server = new KilnServer(ROUTES).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .tlsProvider(provider).tlsPkcs12(p12).tlsPkcs12Password("s3cret");
        try (RunningServer s = server.start()) {
            HttpResponse<String> r = get(client(HttpClient.Version.HTTP_1_1, rsa), s, "/hello");
            assertEquals("hello", r.body());
            assertEquals("CN=kiln-rsa", ((java.security.cert.X509Certificate) r.sslSession().orElseThrow()
                    .getPeerCertificates()[0]).getSubjectX500Principal().getName());
        }
    }

    @Test
    void anEncryptedKeyServesWithItsPassword() throws Exception {
        Path encrypted = dir.resolve("ec-encrypted.key");
        TestCertificates.run(List.of("openssl", "pkcs8", "-topk8", "-in", ec.key().toString(), "-out",
                encrypted.toString(), "-passout", "pass:pw"));
        assertTrue(Files.readString(encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        try (RunningServer s = server(TlsProvider.best(), ec).tlsKey(encrypted).tlsKeyPassword("pw").start()) {
            assertEquals("hello", get(client(HttpClient.Version.HTTP_1_1, ec), s, "/hello").body());
        }
    }

    @Test
    void theVariablesMakeAnHttpsServerAndForceTheProvider() throws Exception {
        Settings settings = Settings.from(Map.of("KILN_TLS_CERT", ec.cert().toString(), "KILN_TLS_KEY",
                ec.key().toString(), "KILN_TLS_PROVIDER", "jdk", "KILN_TLS_RELOAD_INTERVAL", "0"), new Properties(), null);
        KilnServer server = new KilnServer(ROUTES).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .settings(settings);
        try (RunningServer s = server.start()) {
            HttpResponse<String> r = get(client(HttpClient.Version.HTTP_1_1, ec), s, "/hello");
            assertEquals("hello", r.body());
            assertEquals(TlsProvider.JDK, s.tlsProvider(), "KILN_TLS_PROVIDER=jdk, though OpenSSL loads here");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void plainHttpOnTheTlsPortIsClosedAndOthersAreServed(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).start()) {
            try (Wire plain = Wire.connect(s.port())) {
                plain.send(Wire.get("/hello"));
                assertTrue(plain.isClosedByServer(), "no TLS record: closed");
            }
            assertEquals("hello", get(client(HttpClient.Version.HTTP_1_1, rsa), s, "/hello").body());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientThatNeverHandshakesIsClosedAfterTheHeaderTimeout(TlsProvider provider) throws Exception {
        try (RunningServer s = server(provider, rsa).headerTimeout(Duration.ofMillis(300)).start();
             Wire silent = Wire.connect(s.port())) {
            long start = System.nanoTime();
            silent.timeout(5_000).readToEnd(); // returns at the server's close; a read timeout would throw
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis >= 250 && millis < 4_000, "closed after " + millis + " ms");
        }
    }

    private static List<String> handlers(io.netty.channel.embedded.EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline$")).toList();
    }

    @Test
    void withoutTlsAConnectionsPipelineIsTheCodecAndKilnsHandlerAlone() {
        KilnServer server = new KilnServer(ROUTES);
        var ch = new io.netty.channel.embedded.EmbeddedChannel(server.initializer(Runnable::run, server.newState(), null));
        assertEquals(List.of(Http1Pipeline.CODEC, Http1Pipeline.HANDLER), handlers(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void aTlsConnectionBeginsWithTheTlsAndAlpnHandlersAlone() {
        KilnServer server = new KilnServer(ROUTES);
        TlsContexts tls = TlsContexts.start(TlsKeys.of(rsa.cert(), rsa.key(), null, null, null), TlsProvider.JDK);
        var ch = new io.netty.channel.embedded.EmbeddedChannel(server.tlsInitializer(Runnable::run, server.newState(),
                null, ServerStats.newPoolList(), tls));
        assertEquals(List.of(TlsPipeline.TLS, TlsPipeline.ALPN), handlers(ch), "HTTP/1.1's handlers come after ALPN");
        ch.finishAndReleaseAll();
    }

    @Test
    void withoutTlsSettingsTheServerSpeaksPlainHttp() throws Exception {
        try (RunningServer s = new KilnServer(ROUTES).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false).start();
             Wire w = Wire.connect(s.port())) {
            assertEquals(null, s.tlsProvider());
            assertEquals("hello", w.send(Wire.get("/hello")).read().text());
        }
    }
}
