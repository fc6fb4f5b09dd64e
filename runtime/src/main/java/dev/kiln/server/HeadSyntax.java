package dev.kiln.server;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessageDecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What RFC 9112 asks of a request head that Netty's decoder does not check, as questions {@link RequestReader}
 * asks of each head before it is served: the request-line's exact spacing and version, the octets of the target,
 * the {@code Host} value, and the authority of an absolute-form target. Stateless and allocation-free on a
 * well-formed head. See docs/conformance.md for which requirement each answers.
 */
final class HeadSyntax {
    /** RFC 3986 reg-name octets less the comma: unreserved, sub-delims (and {@code %}, checked apart). */
    private static final boolean[] REG_NAME = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) REG_NAME[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) REG_NAME[c] = true;
        for (char c = '0'; c <= '9'; c++) REG_NAME[c] = true;
        // unreserved, then sub-delims without ',': a Host of "a,b" reads as a list of two to a recipient that
        // splits fields on commas, so it is refused, though RFC 3986 allows it.
        for (char c : "-._~!$&'()*+;=".toCharArray()) REG_NAME[c] = true;
    }

    private HeadSyntax() {}

    /**
     * Whether the version was written as {@code HTTP/1.0} or {@code HTTP/1.1}, or a higher minor version: Netty
     * upper-cases the name before parsing it, where RFC 9112 §2.3 makes it case-sensitive. The decoder returns its
     * constants for the exact spellings, so any other instance of 1.0 or 1.1 was spelled in another case.
     */
    static boolean isExactVersion(HttpVersion version) {
        return version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0 || version.minorVersion() > 1;
    }

    /**
     * Whether the request-line was method, SP, target, SP, version and nothing else (RFC 9112 §3): Netty splits it
     * on runs of whitespace, so its length tells whether there was more than one SP anywhere, or a leading one.
     * A single HTAB, VT, FF or CR in place of an SP has the same length and passes: RFC 9112 §3 lets a recipient
     * read those as SP. True for a head that did not come from the decoder (it knows no line length).
     */
    static boolean isSingleSpaced(HttpRequest head) {
        DecoderResult result = head.decoderResult();
        if (!(result instanceof HttpMessageDecoderResult)) return true;
        int expected = head.method().name().length() + 1 + head.uri().length() + 1 + head.protocolVersion().text().length();
        return ((HttpMessageDecoderResult) result).initialLineLength() == expected;
    }

    /**
     * Whether every octet of the request-target could be in a URI (RFC 9112 §3.2, RFC 3986): no control octet, no
     * DEL and nothing outside ASCII; SP cannot be there, as it ends the target. Walks the whole target.
     */
    static boolean hasUriOctetsOnly(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }

    /**
     * Whether {@code host} is a valid {@code Host} value (RFC 9110 §7.2): {@code uri-host [":" port]}, the host an
     * IP literal in brackets or a reg-name (an IPv4 address is one), the port digits; empty is valid (RFC 9112
     * §3.2). A comma is refused too (see {@link #REG_NAME}). Walks the whole value.
     */
    static boolean isValidHost(CharSequence host) {
        int n = host.length();
        int i = 0;
        if (n > 0 && host.charAt(0) == '[') {
            for (i = 1; i < n && host.charAt(i) != ']'; i++) {
                char c = host.charAt(i);
                // IPv6address or IPvFuture octets, and '%' for an IPv6 zone (RFC 6874)
                if (c != ':' && c != '%' && (c >= 128 || !REG_NAME[c])) return false;
            }
            if (i == n || i == 1) return false; // no closing bracket, or nothing inside
            i++;
        } else {
            for (; i < n; i++) {
                char c = host.charAt(i);
                if (c == '%') {
                    if (i + 2 >= n || !isHex(host.charAt(i + 1)) || !isHex(host.charAt(i + 2))) return false;
                    i += 2;
                } else if (c >= 128 || !REG_NAME[c]) {
                    break;
                }
            }
        }
        if (i == n) return true;
        if (host.charAt(i) != ':') return false;
        for (i++; i < n; i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /**
     * The authority of an absolute-form target (RFC 9112 §3.2.2), or null when it is none Kiln serves: its scheme
     * is {@code http} or {@code https} (any case), its host is not empty (RFC 9110 §4.2.1: MUST reject), it has no
     * userinfo (RFC 9110 §4.2.4: an error) and it is a valid {@link #isValidHost Host}.
     */
    static String absoluteAuthority(String target) {
        int scheme = target.indexOf("://");
        if (scheme != 4 && scheme != 5 || !target.regionMatches(true, 0, "http", 0, 4)
                || scheme == 5 && (target.charAt(4) | 0x20) != 's') {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') end++;
        if (end == start) return null;
        String authority = target.substring(start, end);
        return isValidHost(authority) && authority.charAt(0) != ':' ? authority : null;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
