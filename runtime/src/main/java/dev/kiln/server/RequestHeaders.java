package dev.kiln.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * A request's header fields as Netty's decoder adds them, counting the field lines of the two fields a request may
 * have once at most: {@code Host} (RFC 9112 §3.2) and {@code Content-Length} (§6.3). Counting while the decoder adds
 * is the only way to know for {@code Content-Length}: the decoder folds several of an HTTP/1.0 request into the
 * first before anything else sees the head. Names and values are validated as in Netty's default headers.
 *
 * <p>The cost is a length comparison per field line, and a case-insensitive comparison for the lines whose names
 * have the length of one of the two.
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

    private int hostLines;
    private int contentLengthLines;

    private RequestHeaders() {
        super(NETTY.getNameValidator(), NETTY.getValueValidator());
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        count(name);
        return super.add(name, value);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        count(name);
        return super.add(name, value);
    }

    private void count(CharSequence name) {
        int length = name.length();
        if (length == 4) {
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST)) hostLines++;
        } else if (length == 14) {
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH)) contentLengthLines++;
        }
    }

    /** How many {@code Host} field lines the request had; counted now for headers made otherwise. */
    static int hostLines(HttpHeaders headers) {
        return headers instanceof RequestHeaders counted ? counted.hostLines : headers.getAll(HttpHeaderNames.HOST).size();
    }

    /** How many {@code Content-Length} field lines the request had; counted now for headers made otherwise. */
    static int contentLengthLines(HttpHeaders headers) {
        return headers instanceof RequestHeaders counted ? counted.contentLengthLines
                : headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size();
    }
}
