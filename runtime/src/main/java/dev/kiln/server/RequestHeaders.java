package dev.kiln.server;

import io.netty.handler.codec.CharSequenceValueConverter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.util.Calendar;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request's header fields as Netty's decoder adds them, counting the field lines of the two fields a request may
 * have once at most: {@code Host} (RFC 9112 §3.2) and {@code Content-Length} (§6.3), and noting whether any line
 * named one of the fields the head checks look for and a plain request does not have ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code Expect}, {@code Sec-WebSocket-Key1}), so that those checks cost no hash lookup
 * on such a request. Counting while the decoder adds is the only way to know for {@code Content-Length}: the decoder
 * folds several of an HTTP/1.0 request into the first before anything else sees the head. Names and values are
 * validated as in Netty's default headers.
 *
 * <p>The cost is a length comparison per field line, and a case-insensitive comparison for the lines whose names
 * have the length of one of these.
 */
final class RequestHeaders extends DefaultHttpHeaders {
    private static final DefaultHttpHeadersFactory NETTY = DefaultHttpHeadersFactory.headersFactory();

    /** What the decoder is given to make the headers of each request. */
    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new RequestHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return NETTY.newEmptyHeaders();
        }
    };

    // What the decoder added, as bits of one int: Host, Content-Length and Expect take two bits each, the second set
    // by a second line.
    private static final int HOST = 1;
    private static final int CONTENT_LENGTH = 1 << 2;
    private static final int EXPECT = 1 << 4;
    private static final int TRANSFER_ENCODING = 1 << 6;
    private static final int WEBSOCKET_KEY1 = 1 << 7;

    private RequestHeaders() {
        super(new Lines());
    }

    /** The lines seen: the bits above, kept in the map Netty's headers wrap ({@link Lines}). */
    private int seen() {
        return ((Lines) unwrap()).seen;
    }

    /**
     * The map of a request's fields, as Netty's default headers make it, noting each name added. The note is an
     * {@code int} of the map itself, where the alignment of Netty's fields leaves room for one: a field of
     * {@code RequestHeaders}, which has none, would make every request's headers 8 bytes larger.
     */
    private static final class Lines extends DefaultHeaders<CharSequence, CharSequence, Lines> {
        int seen;

        Lines() {
            super(AsciiString.CASE_INSENSITIVE_HASHER, Values.INSTANCE, NETTY.getNameValidator(), 16,
                    NETTY.getValueValidator());
        }

        /** Every {@code add} of Netty's headers names its field here first; a {@code set} does not count. */
        @Override
        protected void validateName(NameValidator<CharSequence> validator, boolean forAdd, CharSequence name) {
            super.validateName(validator, forAdd, name);
            if (forAdd) see(name);
        }

        private void see(CharSequence name) {
            switch (name.length()) {
                case 4 -> see(name, HttpHeaderNames.HOST, HOST);
                case 6 -> see(name, HttpHeaderNames.EXPECT, EXPECT);
                case 14 -> see(name, HttpHeaderNames.CONTENT_LENGTH, CONTENT_LENGTH);
                case 17 -> see(name, HttpHeaderNames.TRANSFER_ENCODING, TRANSFER_ENCODING);
                case 18 -> see(name, HttpHeaderNames.SEC_WEBSOCKET_KEY1, WEBSOCKET_KEY1);
                default -> { }
            }
        }

        /** Sets {@code bit} for a line named {@code field}, or for a second such line the bit above it. */
        private void see(CharSequence name, AsciiString field, int bit) {
            if (AsciiString.contentEqualsIgnoreCase(name, field)) seen |= (seen & bit) == 0 ? bit : bit << 1;
        }
    }

    /** Values as Netty's HTTP headers convert them: a date in the HTTP format, anything else as its text. */
    private static final class Values extends CharSequenceValueConverter {
        static final Values INSTANCE = new Values();

        @Override
        public CharSequence convertObject(Object value) {
            if (value instanceof CharSequence text) return text;
            if (value instanceof Date date) return DateFormatter.format(date);
            if (value instanceof Calendar calendar) return DateFormatter.format(calendar.getTime());
            return value.toString();
        }
    }

    /** Whether the decoder saw no line named by {@code bit}; false for headers made otherwise, which must be asked. */
    private static boolean sawNo(HttpHeaders headers, int bit) {
        return headers instanceof RequestHeaders counted && (counted.seen() & bit) == 0;
    }

    /** Whether the request declares a body: a {@code Content-Length} or a {@code Transfer-Encoding} field. */
    static boolean declaresBody(HttpHeaders headers) {
        if (headers instanceof RequestHeaders counted) return (counted.seen() & (CONTENT_LENGTH | TRANSFER_ENCODING)) != 0;
        return headers.contains(HttpHeaderNames.CONTENT_LENGTH) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    /** The request's {@code Transfer-Encoding}, or null; no lookup when the decoder added no such line. */
    static String transferEncoding(HttpHeaders headers) {
        return sawNo(headers, TRANSFER_ENCODING) ? null : headers.get(HttpHeaderNames.TRANSFER_ENCODING);
    }

    /**
     * The request's {@code Expect}, or null; no lookup when the decoder added no such line. Several lines are one
     * list (RFC 9110 §5.3), joined with commas (each expectation once), so that one on a second line is not missed.
     */
    static String expect(HttpHeaders headers) {
        if (sawNo(headers, EXPECT)) return null;
        String first = headers.get(HttpHeaderNames.EXPECT);
        if (first == null || headers instanceof RequestHeaders counted && (counted.seen() & EXPECT << 1) == 0) {
            return first;
        }
        List<String> lines = headers.getAll(HttpHeaderNames.EXPECT);
        if (lines.size() == 1) return first;
        Set<String> expectations = new LinkedHashSet<>(); // the same expectation twice is still that one
        for (String line : lines) expectations.add(line.trim().toLowerCase(Locale.ROOT));
        return String.join(", ", expectations);
    }

    /** Whether the request has a {@code Sec-WebSocket-Key1} field; no lookup when the decoder added no such line. */
    static boolean hasWebSocketKey1(HttpHeaders headers) {
        return !sawNo(headers, WEBSOCKET_KEY1) && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY1);
    }

    /** Whether the request had more than one {@code Host} field line; counted now for headers made otherwise. */
    static boolean severalHostLines(HttpHeaders headers) {
        return headers instanceof RequestHeaders counted ? (counted.seen() & HOST << 1) != 0
                : headers.getAll(HttpHeaderNames.HOST).size() > 1;
    }

    /** Whether the request had more than one {@code Content-Length} line; counted now for headers made otherwise. */
    static boolean severalContentLengthLines(HttpHeaders headers) {
        return headers instanceof RequestHeaders counted ? (counted.seen() & CONTENT_LENGTH << 1) != 0
                : headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1;
    }
}
