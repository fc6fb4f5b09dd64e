package dev.kiln.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The HEADERS of an HTTP/2 response made straight from a context, for {@link Http2Streams}: what
 * {@link Responses#of}, {@link Responses#framed} and Netty's {@code HttpConversionUtil.toHttp2Headers} make of it
 * together (the status, the chain's headers in lower case without the connection-specific ones of RFC 9113 §8.2.2,
 * the content type, {@code content-length} but on a 204 or 304, {@code date}), without the HTTP/1.1 response and
 * header map in between. {@code Http2Test.aResponseAnsweredOnTheConnectionHasTheHeadersOfOneAnsweredByItsOwnHandler}
 * compares the two.
 */
final class Http2Responses {
    private static final AsciiString X_HTTP2 = AsciiString.cached("x-http2-");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private Http2Responses() {}

    /**
     * The head of the response in {@code ctx} whose body is {@code length} bytes; {@code status} is the context's.
     * A 204 or 304 has no {@code content-length}, and its body, if the chain wrote one, is not to be sent.
     */
    static Http2Headers head(PooledContext ctx, int status, int length) {
        HttpHeaders set = ctx.responseHeaders();
        CharSequence type = ctx.contentType();
        Http2Headers out = new DefaultHttp2Headers(false, set.isEmpty() ? 4 : 4 + set.size());
        out.status(HttpResponseStatus.valueOf(status).codeAsText());
        if (!set.isEmpty()) {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = set.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> field = it.next();
                AsciiString name = AsciiString.of(field.getKey()).toLowerCase();
                if (isReplaced(name) || type != null && HttpHeaderNames.CONTENT_TYPE.contentEquals(name)) continue;
                if (HttpHeaderNames.TE.contentEquals(name)) { // RFC 9113 §8.2.2: "trailers" is the one TE it carries
                    if (AsciiString.containsIgnoreCase(field.getValue(), HttpHeaderValues.TRAILERS)) {
                        out.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
                    }
                    continue;
                }
                out.add(name, field.getValue());
            }
        }
        if (type != null) out.set(HttpHeaderNames.CONTENT_TYPE, type);
        if (!Responses.hasNoContent(status)) out.set(HttpHeaderNames.CONTENT_LENGTH, Responses.contentLength(length));
        out.set(HttpHeaderNames.DATE, Responses.date());
        return out;
    }

    /**
     * Whether the chain's field {@code name} (in lower case) is one the server writes itself ({@code content-length},
     * {@code date}) or one HTTP/2 does not carry (RFC 9113 §8.2.2).
     */
    private static boolean isReplaced(AsciiString name) {
        if (name.startsWith(X_HTTP2)) return true; // Netty's own, for its conversions
        switch (name.length()) {
            case 4:
                return HttpHeaderNames.DATE.contentEquals(name) || HttpHeaderNames.HOST.contentEquals(name);
            case 7:
                return HttpHeaderNames.UPGRADE.contentEquals(name);
            case 10:
                return HttpHeaderNames.CONNECTION.contentEquals(name) || KEEP_ALIVE.contentEquals(name);
            case 14:
                return HttpHeaderNames.CONTENT_LENGTH.contentEquals(name);
            case 16:
                return PROXY_CONNECTION.contentEquals(name);
            case 17:
                return HttpHeaderNames.TRANSFER_ENCODING.contentEquals(name);
            default:
                return false;
        }
    }
}
