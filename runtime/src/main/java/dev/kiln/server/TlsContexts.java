package dev.kiln.server;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context new connections are given, and its reload: Netty's {@link SslContext} is immutable, so a reload
 * builds a new one from the files and puts it where the next connection takes it ({@link #current()}); connections
 * already open keep the one they began with. A reload that fails keeps the context there is and says why.
 *
 * <p>Every context speaks TLS 1.3 and 1.2 only, with {@link #CIPHERS}, and offers {@link TlsPipeline#PROTOCOLS} by
 * ALPN.
 */
final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    /** TLS 1.3 and 1.2 only: 1.1 and older are deprecated (RFC 8996). */
    static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * The cipher suites offered, in order of preference: TLS 1.3's three, then TLS 1.2's with forward secrecy (ECDHE)
     * and authenticated encryption (AES-GCM, ChaCha20-Poly1305), Mozilla's "intermediate" list without the DHE ones.
     * All of them are allowed by HTTP/2 (RFC 9113 §9.2.2). A provider that lacks one leaves it out.
     */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final TlsKeys keys;
    private final TlsProvider provider;
    private volatile SslContext current;
    private volatile X509Summary certificate;
    /** The files' stamp when they were last read, successfully or not: a reload is tried once per change. */
    private List<Object> stamp;
    private ScheduledFuture<?> watch;

    private TlsContexts(TlsKeys keys, TlsProvider provider) {
        this.keys = keys;
        this.provider = provider;
    }

    /**
     * The contexts for {@code keys} with {@code provider}, the first one built now.
     *
     * @throws TlsKeys.Unusable when the files cannot be used, naming the setting and the file
     */
    static TlsContexts start(TlsKeys keys, TlsProvider provider) {
        TlsContexts contexts = new TlsContexts(keys, provider);
        contexts.stamp = keys.stamp();
        contexts.load();
        return contexts;
    }

    /** The context for the next connection. */
    SslContext current() {
        return current;
    }

    TlsProvider provider() {
        return provider;
    }

    /** The certificate now served, for messages. */
    String certificate() {
        return certificate.toString();
    }

    /**
     * Reads the files again and serves what they hold to new connections.
     *
     * @throws TlsKeys.Unusable when they cannot be used; the certificate served until now stays
     */
    synchronized void reload() {
        stamp = keys.stamp();
        load();
        log.info("TLS certificate reloaded: {}", certificate);
    }

    /** Reloads when the files changed since they were last read; a failure is logged, and tried again on the next change. */
    synchronized void reloadIfChanged() {
        List<Object> now = keys.stamp();
        if (now.equals(stamp)) return;
        try {
            reload();
        } catch (RuntimeException e) { // whatever it is: a periodic task that throws is never run again
            log.warn("TLS files changed but cannot be used; still serving {}: {}", certificate, e.getMessage());
        }
    }

    /** Checks the files every {@code interval} on {@code executor} (the accepting event loop), from now on. */
    void watch(EventExecutor executor, Duration interval) {
        long nanos = interval.toNanos();
        watch = executor.scheduleWithFixedDelay(this::reloadIfChanged, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops checking the files. */
    void stopWatching() {
        if (watch != null) watch.cancel(false);
    }

    private void load() {
        TlsKeys.Material m = keys.read();
        try {
            current = SslContextBuilder.forServer(m.key(), m.chain())
                    .sslProvider(provider.netty())
                    .protocols(VERSIONS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            // A client that offers none of ours gets no ALPN answer, and HTTP/1.1 (TlsPipeline).
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            TlsPipeline.PROTOCOLS))
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsKeys.Unusable(keys.describe() + ": " + provider.description()
                    + " refuses the key or certificate: " + e.getMessage());
        }
        certificate = new X509Summary(m);
    }

    /** What the start-up line and the reload messages say about a certificate. */
    private record X509Summary(String subject, String notAfter, int chain) {
        X509Summary(TlsKeys.Material m) {
            this(m.certificate().getSubjectX500Principal().getName(), m.certificate().getNotAfter().toInstant().toString(),
                    m.chain().size());
        }

        @Override
        public String toString() {
            return subject + ", valid until " + notAfter + (chain > 1 ? ", chain of " + chain : "");
        }
    }
}
