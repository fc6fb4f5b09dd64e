package dev.kiln.server;

import io.netty.handler.codec.http2.Http2Settings;

/**
 * The HTTP/2 settings of one server, made once when it starts ({@link KilnServer}'s {@code http2*} setters): what
 * the server advertises in its SETTINGS frame, and the limits it enforces on a connection's frames whatever the
 * client advertises. {@link Http2Pipeline} builds each connection's handlers from it.
 */
final class Http2Config {
    /**
     * The most RST_STREAM frames a client may send in {@link #RESET_WINDOW_SECONDS}; more is the rapid-reset attack
     * (CVE-2023-44487), and the connection is closed with GOAWAY {@code ENHANCE_YOUR_CALM}.
     */
    static final int MAX_RESETS = 200;
    /** The window {@link #MAX_RESETS} is counted in. */
    static final int RESET_WINDOW_SECONDS = 30;
    /**
     * The most control frames (SETTINGS and PING acknowledgements, RST_STREAM) waiting to be written to a client
     * that does not read them; more is a SETTINGS or PING flood, and the connection is closed with GOAWAY
     * {@code ENHANCE_YOUR_CALM}.
     */
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    /**
     * The most CONTINUATION frames of under 8 KiB (Netty's threshold) one header block may have; more is the
     * CONTINUATION flood (CVE-2024-27316), and the connection is closed with GOAWAY {@code ENHANCE_YOUR_CALM}.
     * The block as a whole is bounded by the header list size.
     */
    static final int MAX_SMALL_CONTINUATIONS = 16;

    final int maxConcurrentStreams;
    final int maxHeaderListSize;
    final int maxFrameSize;
    final int initialWindowSize;
    /** How long a connection told to go away (GOAWAY) waits for its open streams before it closes. */
    final long gracefulShutdownMillis;
    /** The body of an {@code Upgrade: h2c} request read before it is served on stream 1; larger gets 413. */
    final int maxUpgradeBody;

    Http2Config(int maxConcurrentStreams, int maxHeaderListSize, int maxFrameSize,
                int initialWindowSize, long gracefulShutdownMillis, int maxUpgradeBody) {
        this.maxConcurrentStreams = maxConcurrentStreams;
        this.maxHeaderListSize = maxHeaderListSize;
        this.maxFrameSize = maxFrameSize;
        this.initialWindowSize = initialWindowSize;
        this.gracefulShutdownMillis = gracefulShutdownMillis;
        this.maxUpgradeBody = maxUpgradeBody;
    }

    /** The SETTINGS the server sends first on every connection (RFC 9113 §6.5.2). */
    Http2Settings initialSettings() {
        return Http2Settings.defaultSettings()
                .maxConcurrentStreams(maxConcurrentStreams)
                .maxHeaderListSize(maxHeaderListSize)
                .maxFrameSize(maxFrameSize)
                .initialWindowSize(initialWindowSize);
    }
}
