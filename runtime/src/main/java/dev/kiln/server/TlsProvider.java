package dev.kiln.server;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Who does the TLS of an HTTPS server: OpenSSL (BoringSSL, from {@code netty-tcnative-boringssl-static}) where it is
 * on the class path and loads, the JDK's own provider otherwise. The start-up line says which, and why not OpenSSL.
 */
public enum TlsProvider {
    /** BoringSSL through netty-tcnative: faster handshakes and less garbage than the JDK's provider. */
    OPENSSL("openssl", SslProvider.OPENSSL),
    /** The JDK's provider (JSSE): always there. */
    JDK("jdk", SslProvider.JDK);

    private final String label;
    private final SslProvider netty;

    TlsProvider(String label, SslProvider netty) {
        this.label = label;
        this.netty = netty;
    }

    /** OpenSSL when it loads here, otherwise the JDK's provider. */
    public static TlsProvider best() {
        return OpenSsl.isAvailable() ? OPENSSL : JDK;
    }

    /** Why OpenSSL is not used here, for the start-up line; null when it loads. */
    static String openSslUnavailableReason() {
        Throwable cause = OpenSsl.unavailabilityCause();
        if (cause == null) return null;
        return cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError
                ? "netty-tcnative-boringssl-static is not on the class path" : String.valueOf(cause.getMessage());
    }

    /** Netty's name for it. */
    SslProvider netty() {
        return netty;
    }

    /** The provider and its library's version, for the start-up line. */
    String description() {
        return this == OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK " + Runtime.version().feature();
    }

    @Override
    public String toString() {
        return label;
    }
}
