package dev.kiln.server;

import dev.kiln.routing.RawPath;

/**
 * The request-target of a request line (RFC 9112 §3.2), reduced to what the router matches: the path and query of
 * the origin form. Stateless, so it needs no socket to test.
 *
 * <p>Origin form ({@code /users/42?x=1}) is routed as it is. Absolute form ({@code http://host/users/42}), which a
 * server must accept (RFC 9112 §3.2.2), is routed on its path and query alone; one with an empty path means
 * {@code /}; its scheme must be {@code http} or {@code https} (any case), and an authority with userinfo
 * ({@code http://user@host/}) is refused, as RFC 9110 §4.2.4 advises: it serves only to disguise the authority.
 * The asterisk form ({@code *}) is only for the server-wide {@code OPTIONS}, which the handler answers
 * itself. A target holding a control character or a space, which no form of it may (RFC 3986 §2), is a bad
 * request wherever it is: a raw NUL would otherwise reach a handler that an encoded one ({@code %00}) never does.
 * Anything else, and any path with an invalid percent-escape, an encoded NUL or a {@code .} or {@code ..}
 * segment ({@link RawPath#isAcceptable}), and any query with an invalid escape, is a bad request.
 */
final class RequestTarget {
    private RequestTarget() {}

    /** Whether the target is {@code *}, the asterisk form of a server-wide {@code OPTIONS} (RFC 9110 §9.3.7). */
    static boolean isAsterisk(String target) {
        return target.equals("*");
    }

    /**
     * The path and query to route for {@code target}, percent-escapes kept; null when the request must be answered
     * 400. The path ends at {@link #pathEnd} of what is returned.
     */
    static String routable(String target) {
        return hasControlOrSpace(target) ? null : routableChecked(target);
    }

    /**
     * {@link #routable} for the target of a head {@link RequestReader} has checked, which has no octet outside a
     * URI's ({@link HeadSyntax#hasUriOctetsOnly}), so that the target is walked for them once per request.
     */
    static String routableChecked(String target) {
        String uri;
        if (!target.isEmpty() && target.charAt(0) == '/') {
            uri = target;
        } else {
            int scheme = target.indexOf("://");
            if (!isHttpScheme(target, scheme)) return null;
            int end = scheme + 3; // the authority ends at the path's '/' or the query's '?' (RFC 3986 §3.2)
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                if (target.charAt(end) == '@') return null; // userinfo
                end++;
            }
            if (end == target.length()) {
                uri = "/";
            } else {
                uri = target.charAt(end) == '/' ? target.substring(end) : "/" + target.substring(end); // ?q means /?q
            }
        }
        int pathEnd = pathEnd(uri);
        return RawPath.isAcceptable(uri, 0, pathEnd) && hasValidEscapes(uri, pathEnd) ? uri : null;
    }

    /**
     * Whether every {@code %} in {@code uri[from, end)} starts a valid escape ({@code %} and two hex digits,
     * RFC 3986 §2.1). For the query, which is decoded only when read: checked here, an invalid escape is a 400 for
     * the request rather than an exception (a 500) in whichever handler reads the query first.
     */
    private static boolean hasValidEscapes(String uri, int from) {
        for (int i = uri.indexOf('%', from); i >= 0; i = uri.indexOf('%', i + 3)) {
            if (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) return false;
        }
        return true;
    }

    /** An ASCII hex digit (not {@link Character#digit}, which takes other scripts' digits too). */
    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Whether {@code s} holds a character from NUL to SP, or DEL. A loop over the target's few dozen characters. */
    private static boolean hasControlOrSpace(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) return true;
        }
        return false;
    }

    /** Whether {@code target[0, schemeEnd)} is {@code http} or {@code https}, in any case (RFC 3986 §3.1). */
    private static boolean isHttpScheme(String target, int schemeEnd) {
        return (schemeEnd == 4 || schemeEnd == 5 && (target.charAt(4) | 0x20) == 's')
                && target.regionMatches(true, 0, "http", 0, 4);
    }

    /** The end of the path in a routable target: its query's {@code ?}, or its end. */
    static int pathEnd(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri.length() : q;
    }
}
