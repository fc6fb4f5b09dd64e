package dev.kiln.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for the TLS tests, made by the {@code openssl} command (Debian's {@code openssl}
 * package), the way an operator would make them: {@code 127.0.0.1} and {@code localhost} in the subject's
 * alternative names, valid for two days.
 */
final class TestCertificates {
    private TestCertificates() {
    }

    /** The PEM certificate and PKCS#8 key files of one self-signed certificate, and its common name. */
    record Pair(Path cert, Path key, String commonName) {
        X509Certificate certificate() throws Exception {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
        }
    }

    /** A new certificate named {@code commonName} with an RSA 2048 key, or a P-256 one when {@code ec}. */
    static Pair make(Path dir, String commonName, boolean ec) throws Exception {
        Path cert = dir.resolve(commonName + ".crt");
        Path key = dir.resolve(commonName + ".key");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()));
        command.addAll(ec ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")
                : List.of("-newkey", "rsa:2048"));
        run(command);
        return new Pair(cert, key, commonName);
    }

    /** Runs an {@code openssl} command (or another) to its end; fails with its output unless it exits 0. */
    static String run(List<String> command) throws Exception {
        return run(command, null, true);
    }

    /** Runs {@code command} with {@code input} on its standard input; its output and errors together. */
    static String run(List<String> command, String input, boolean mustSucceed) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed for the TLS tests (apt-get install -y "
                    + command.get(0) + "): " + e.getMessage(), e);
        }
        try (var in = p.getOutputStream()) {
            if (input != null) in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end in 30 s:\n" + out);
        }
        if (mustSucceed && p.exitValue() != 0) throw new AssertionError(command + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }

    /** A client's SSL context that trusts exactly these certificates. */
    static SSLContext trusting(Pair... pairs) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (Pair p : pairs) trust.setCertificateEntry(p.commonName(), p.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
