package dev.kiln.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Where a server's certificate and private key come from: PEM files ({@code tlsCert}, {@code tlsKey}) or one PKCS#12
 * file ({@code tlsPkcs12}). {@link #read()} reads them into a key and its chain, and checks that the key belongs to
 * the certificate; each failure is an {@link Unusable} whose message is one line naming the setting and the file.
 * {@link #stamp()} tells whether the files changed since they were read.
 */
final class TlsKeys {
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([^-]*)-----END \\1PRIVATE KEY-----");
    /** The algorithms a PKCS#8 key may be in, tried in turn: the key does not say which in a form the JDK reads. */
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    private final Path cert;
    private final Path key;
    private final char[] keyPassword;
    private final Path pkcs12;
    private final char[] pkcs12Password;

    private TlsKeys(Path cert, Path key, String keyPassword, Path pkcs12, String pkcs12Password) {
        this.cert = cert;
        this.key = key;
        this.keyPassword = keyPassword == null ? null : keyPassword.toCharArray();
        this.pkcs12 = pkcs12;
        this.pkcs12Password = pkcs12Password == null ? new char[0] : pkcs12Password.toCharArray();
    }

    /**
     * The key material the settings name, or null when they name none (no TLS).
     *
     * @throws Unusable when the settings do not go together: a certificate without a key, or both PEM and PKCS#12
     */
    static TlsKeys of(Path cert, Path key, String keyPassword, Path pkcs12, String pkcs12Password) {
        if (pkcs12 != null) {
            if (cert != null || key != null) {
                throw new Unusable("tlsPkcs12 and tlsCert/tlsKey are both set; set the PEM files or the PKCS#12 file,"
                        + " not both");
            }
            return new TlsKeys(null, null, null, pkcs12, pkcs12Password);
        }
        if (cert == null && key == null) return null;
        if (cert == null) throw new Unusable("tlsKey is set but tlsCert is not; HTTPS needs both PEM files");
        if (key == null) throw new Unusable("tlsCert is set but tlsKey is not; HTTPS needs both PEM files");
        return new TlsKeys(cert, key, keyPassword, null, null);
    }

    /** A private key and the certificate chain it signs for, the server's own certificate first. */
    record Material(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate certificate() {
            return chain.get(0);
        }
    }

    /** Reads the files now. */
    Material read() {
        Material m = pkcs12 != null ? readPkcs12() : new Material(readKey(), readCertificates());
        checkMatch(m);
        return m;
    }

    /**
     * The files' identity, modification times and sizes: a different stamp means a file was replaced or written
     * (a Kubernetes secret volume swaps a symbolic link, which this follows); null for a file that cannot be read.
     */
    List<Object> stamp() {
        List<Object> stamp = new ArrayList<>();
        for (Path p : pkcs12 != null ? List.of(pkcs12) : List.of(cert, key)) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                stamp.add(a.lastModifiedTime());
                stamp.add(a.size());
                stamp.add(Objects.toString(a.fileKey()));
            } catch (IOException e) {
                stamp.add(null);
            }
        }
        return stamp;
    }

    /** The files, for messages: {@code tlsCert=/etc/tls/cert.pem, tlsKey=/etc/tls/key.pem}. */
    String describe() {
        return pkcs12 != null ? "tlsPkcs12=" + pkcs12 : "tlsCert=" + cert + ", tlsKey=" + key;
    }

    private List<X509Certificate> readCertificates() {
        byte[] pem = bytes("tlsCert", cert);
        if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new Unusable("tlsCert " + cert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        Collection<? extends Certificate> read;
        try {
            read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new Unusable("tlsCert " + cert + " holds no PEM certificate that can be read: " + e.getMessage());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : read) chain.add((X509Certificate) c);
        if (chain.isEmpty()) throw new Unusable("tlsCert " + cert + " holds no PEM certificate");
        return List.copyOf(chain);
    }

    private PrivateKey readKey() {
        String pem = new String(bytes("tlsKey", key), StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) throw new Unusable("tlsKey " + key + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        String kind = m.group(1).trim();
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new Unusable("tlsKey " + key + " is not valid base64 inside its PEM lines");
        }
        KeySpec spec = switch (kind) {
            case "" -> new PKCS8EncodedKeySpec(der);
            case "ENCRYPTED" -> decrypt(der);
            default -> throw new Unusable("tlsKey " + key + " is a " + kind + " key, not PKCS#8; convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + key.getFileName() + " -out key.pem");
        };
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new Unusable("tlsKey " + key + " is a PKCS#8 key of an algorithm this JDK cannot read");
    }

    /** The key inside an encrypted PKCS#8 file ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), with {@code tlsKeyPassword}. */
    private KeySpec decrypt(byte[] der) {
        if (keyPassword == null) {
            throw new Unusable("tlsKey " + key + " is encrypted and tlsKeyPassword is not set");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 names its real algorithm in its parameters ("PBEWithHmacSHA256AndAES_256"), which the JDK's
            // factories take; older PBES1 keys name theirs in getAlgName().
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(keyPassword)), info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw new Unusable("tlsKey " + key + " cannot be decrypted with tlsKeyPassword (a wrong password?)");
        } catch (IOException | GeneralSecurityException e) {
            throw new Unusable("tlsKey " + key + " cannot be decrypted: " + e.getMessage());
        }
    }

    private Material readPkcs12() {
        byte[] file = bytes("tlsPkcs12", pkcs12);
        KeyStore store;
        try (InputStream in = new ByteArrayInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, pkcs12Password);
        } catch (IOException e) {
            throw new Unusable("tlsPkcs12 " + pkcs12 + " cannot be read with tlsPkcs12Password (a wrong password,"
                    + " or not a PKCS#12 file): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new Unusable("tlsPkcs12 " + pkcs12 + " cannot be read: " + e.getMessage());
        }
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (!store.isKeyEntry(alias)) continue;
                Key k = store.getKey(alias, pkcs12Password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(k instanceof PrivateKey privateKey) || chain == null || chain.length == 0) continue;
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate c : chain) certificates.add((X509Certificate) c);
                return new Material(privateKey, List.copyOf(certificates));
            }
        } catch (GeneralSecurityException e) {
            throw new Unusable("tlsPkcs12 " + pkcs12 + ": its key cannot be read: " + e.getMessage());
        }
        throw new Unusable("tlsPkcs12 " + pkcs12 + " holds no private key with its certificate");
    }

    /** Fails unless the key signs what the certificate's public key verifies: a key and certificate that match. */
    private void checkMatch(Material m) {
        String algorithm = switch (m.key().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "RSASSA-PSS" -> null; // needs parameters to sign; the handshake will tell
            default -> m.key().getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own names
        };
        if (algorithm == null) return;
        byte[] probe = "kiln".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(m.key());
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(m.certificate().getPublicKey());
            verify.update(probe);
            matches = verify.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new Unusable(pkcs12 != null ? "tlsPkcs12 " + pkcs12 + ": its key does not belong to its certificate"
                    : "tlsKey " + key + " does not belong to the certificate in tlsCert " + cert);
        }
    }

    private static byte[] bytes(String setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unusable(setting + " " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Unusable(setting + " " + file + ": permission denied");
        } catch (IOException e) {
            throw new Unusable(setting + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The key material cannot be used; the message is one line naming the setting and the file. */
    static final class Unusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message, null, false, false);
        }
    }
}
