package dev.kiln.compression;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compression of response bodies, negotiated from each request's {@code Accept-Encoding} (RFC 9110 §12.5.3), and
 * optionally decompression of gzip request bodies: {@code KilnServer.compression(Compression.gzip())}. Off unless
 * set; a server without it runs none of it.
 *
 * <p>A response is compressed when the client accepts one of the server's codings, its type is one of
 * {@link #types} (by default text, JSON, XML, JavaScript and SVG), its body has at least {@link #minSize} bytes, it
 * has no {@code Content-Encoding} of its own, and its status is not 204, 206 or 304. Every response that could be
 * compressed says {@code Vary: Accept-Encoding}, whether it was this time or not, so that caches keep the forms
 * apart. Of the codings the client accepts, the one with the highest {@code q} wins, and on a tie the one listed
 * first here; {@code q=0} refuses a coding, {@code *} stands for every coding the header does not name, and a
 * request without the header gets the body as it is.
 *
 * <p>With {@link Builder#decompressRequests(boolean)}, a request body in {@code Content-Encoding: gzip} reaches its
 * handler decompressed, and what it expands to counts against the server's {@code maxBodySize}: a small body that
 * would expand past it is a 413, read no further than the limit. A body in another coding is then a 415 that lists
 * the codings accepted (RFC 9110 §15.5.16). Without it, request bodies are passed on as they came.
 */
public final class Compression {
    /** The smallest body compressed by default: below it, the coding's own overhead eats what it saves. */
    public static final int DEFAULT_MIN_SIZE = 1024;
    /** The media types compressed by default; {@code type/*} and {@code +suffix} patterns match families. */
    public static final List<String> DEFAULT_TYPES = List.of("text/*", "application/json", "application/*+json",
            "application/xml", "application/*+xml", "application/javascript", "image/svg+xml");

    private final List<ContentEncoder> encoders;
    private final int minSize;
    private final List<String> types;
    private final boolean decompressRequests;

    private Compression(Builder b) {
        this.encoders = List.copyOf(b.encoders);
        this.minSize = b.minSize;
        this.types = List.copyOf(b.types);
        this.decompressRequests = b.decompressRequests;
    }

    /** gzip at level 6 for the default types from {@value #DEFAULT_MIN_SIZE} bytes on; request bodies as they come. */
    public static Compression gzip() {
        return builder().build();
    }

    /** Settings to change from {@link #gzip()}'s. */
    public static Builder builder() {
        return new Builder();
    }

    /** The codings, in the server's order of preference. */
    public List<ContentEncoder> encoders() {
        return encoders;
    }

    /** The smallest body compressed. */
    public int minSize() {
        return minSize;
    }

    /** The media types compressed. */
    public List<String> types() {
        return types;
    }

    /** Whether gzip request bodies are decompressed for their handlers. */
    public boolean decompressRequests() {
        return decompressRequests;
    }

    /** Whether a body of {@code contentType} and {@code length} bytes is one to compress, if the client accepts. */
    public boolean compressible(String contentType, int length) {
        return length >= minSize && compressible(contentType);
    }

    /** Whether a body of {@code contentType} and a length not known in advance (a streamed one) is worth compressing. */
    public boolean compressible(String contentType) {
        return contentType != null && matchesType(contentType);
    }

    private boolean matchesType(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (String type : types) {
            if (type.equals(media)) return true;
            int slash = media.indexOf('/');
            if (type.endsWith("/*") && slash > 0 && type.regionMatches(0, media, 0, slash + 1)) return true;
            int star = type.indexOf("/*+");
            if (star > 0 && slash == star && type.regionMatches(0, media, 0, slash + 1)
                    && media.endsWith(type.substring(star + 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The coding to compress with for a request's {@code Accept-Encoding} (null when it has none), or null to send
     * the body as it is.
     */
    public ContentEncoder choose(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) return null;
        ContentEncoder best = null;
        double bestQ = 0;
        for (ContentEncoder encoder : encoders) {
            double q = quality(acceptEncoding, encoder.name());
            if (q > bestQ) { // strictly better: on a tie, the server's earlier coding stays
                best = encoder;
                bestQ = q;
            }
        }
        return best;
    }

    /** The {@code q} the header gives {@code coding}: its own entry's, else {@code *}'s, else 0. */
    static double quality(String acceptEncoding, String coding) {
        double star = 0;
        for (String entry : acceptEncoding.split(",")) {
            String[] parts = entry.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int k = 1; k < parts.length; k++) {
                String p = parts[k].trim();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    try {
                        q = Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
                    } catch (NumberFormatException e) {
                        q = 0; // a weight that does not parse accepts nothing
                    }
                }
            }
            if (name.equals(coding) || coding.equals("gzip") && name.equals("x-gzip")) return q;
            if (name.equals("*")) star = q;
        }
        return star;
    }

    /**
     * A request body in {@code coding} decompressed, or null when it would expand past {@code limit} bytes.
     *
     * @throws IOException when it is not what its coding says it is
     * @throws IllegalArgumentException when the coding is not one this server decompresses; {@link #accepts} says
     */
    public byte[] decompress(String coding, InputStream body, int limit) throws IOException {
        if (!accepts(coding)) throw new IllegalArgumentException("content coding " + coding + " is not decompressed");
        return Gzip.decode(body, limit);
    }

    /** Whether request bodies in {@code coding} are decompressed: gzip (and x-gzip), when turned on. */
    public boolean accepts(String coding) {
        String c = coding.trim().toLowerCase(Locale.ROOT);
        return decompressRequests && (c.equals("gzip") || c.equals("x-gzip"));
    }

    /** Settings for {@link Compression}. */
    public static final class Builder {
        private final List<ContentEncoder> encoders = new ArrayList<>(List.of(ContentEncoder.gzip(6)));
        private int minSize = DEFAULT_MIN_SIZE;
        private List<String> types = DEFAULT_TYPES;
        private boolean decompressRequests;

        private Builder() {}

        /** The codings to offer, in order of preference (default gzip at level 6 only). */
        public Builder encoders(ContentEncoder... encoders) {
            if (encoders.length == 0) throw new IllegalArgumentException("at least one encoder");
            this.encoders.clear();
            for (ContentEncoder e : encoders) this.encoders.add(Objects.requireNonNull(e, "encoder == null"));
            return this;
        }

        /** The smallest body compressed, in bytes (default {@value #DEFAULT_MIN_SIZE}). */
        public Builder minSize(int bytes) {
            if (bytes < 0) throw new IllegalArgumentException("minSize < 0: " + bytes);
            this.minSize = bytes;
            return this;
        }

        /** The media types compressed, such as {@code text/*} or {@code application/*+json} (default {@link #DEFAULT_TYPES}). */
        public Builder types(String... types) {
            List<String> list = new ArrayList<>();
            for (String t : types) list.add(Objects.requireNonNull(t, "type == null").trim().toLowerCase(Locale.ROOT));
            this.types = list;
            return this;
        }

        /** Whether gzip request bodies are decompressed for their handlers (default no). */
        public Builder decompressRequests(boolean decompress) {
            this.decompressRequests = decompress;
            return this;
        }

        public Compression build() {
            return new Compression(this);
        }
    }
}
