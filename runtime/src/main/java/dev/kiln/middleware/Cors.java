package dev.kiln.middleware;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.routing.Methods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cross-origin resource sharing: lets pages of the origins it allows read this service's responses, by the CORS
 * protocol of the Fetch standard (https://fetch.spec.whatwg.org/#http-cors-protocol).
 *
 * <pre>{@code
 * @KilnApplication
 * @Use(Cors.class)          // global: it sees every request, preflights to any path included
 * public final class App {}
 *
 * AppRoutes.builder().with(Cors.builder()
 *         .allowOrigins("https://app.example.com", "https://*.example.com")
 *         .allowMethods("GET", "POST", "PUT", "DELETE")
 *         .allowHeaders("Content-Type", "Authorization")
 *         .exposeHeaders("Location")
 *         .maxAge(Duration.ofMinutes(10))
 *         .build()).build();
 * }</pre>
 *
 * <p><b>Actual requests</b> (any request with an {@code Origin} that is not a preflight) from an allowed origin, with
 * a method it allows, get {@code Access-Control-Allow-Origin} (and {@code -Allow-Credentials}, {@code -Expose-Headers}
 * as configured) before the rest of the chain runs, so the handler's answer, a mapped exception's and the server's own
 * 404 or 405 carry them. Note that the server's generic 500 for an exception nothing answered carries none of the
 * context's headers, so the page sees a network error instead: map exceptions with {@code onException}.
 *
 * <p><b>Preflights</b> ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) are not answered
 * here: the chain runs on, and when the response is settled ({@link Context#onResponse}) the preflight is approved
 * only if the status is 2xx, the response's {@code Allow} lists the requested method, the configuration allows that
 * method, every header in {@code Access-Control-Request-Headers}, and the origin. For a path with routes the server
 * answers {@code OPTIONS} itself with 204 and {@code Allow}, and 404 for an unknown path, so a preflight is approved
 * exactly for the methods the router would route there. A route of the application's own for {@code OPTIONS} answers
 * its path's preflights: Cors approves one only when that handler answers 2xx with an {@code Allow} listing the method
 * (RFC 9110 §9.3.7). A preflight not approved gets no CORS headers, and the browser does not send the request.
 *
 * <p>Where it runs decides what it sees. On the application class it runs for every request, matched or not, so it
 * sees the preflights; put it before any middleware that may turn a request away, since a preflight carries no
 * credentials and one that answers it 401 fails it. On a controller or a handler method it runs only for
 * requests that reach its routes: actual requests, and no preflight unless the controller routes {@code OPTIONS}
 * itself. That is enough for requests a browser sends without a preflight ({@code GET}, {@code HEAD}, {@code POST}
 * with only safelisted headers and a form or text body); anything else (JSON bodies, custom headers, {@code PUT},
 * {@code DELETE}) needs it on the application class, with {@link Builder#paths} to keep it to some paths.
 *
 * <p>{@code Vary}: an answer that depends on the origin says {@code Vary: Origin}, a preflight's also names
 * {@code Access-Control-Request-Method} and {@code -Headers}; they are added to any {@code Vary} already set. A request
 * without an {@code Origin} is left alone, and Cors allocates nothing for it. Note that this leaves such responses
 * without {@code Vary: Origin}: where a shared cache may keep them and hand them to a page, turn on
 * {@link Builder#varyEveryResponse()}.
 *
 * <p>Immutable, and so safe for every request of the application at once; every header value is made by
 * {@link Builder#build()}, except the echoed origin and requested headers.
 */
public final class Cors implements Middleware {
    private static final String ORIGIN = "Origin";
    private static final String VARY = "Vary";
    private static final String ALLOW = "Allow";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    private static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    private static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    private static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    private static final String MAX_AGE = "Access-Control-Max-Age";

    /** The methods Kiln routes, in {@link Methods} bit order. */
    private static final int METHOD_COUNT = 7;
    /** Every method Kiln routes, as {@link Methods} bits. */
    private static final int ALL_METHODS = (1 << METHOD_COUNT) - 1;
    /** The default methods: the CORS-safelisted ones, which a browser sends without a preflight. */
    private static final int SAFELISTED_METHODS = Methods.GET | Methods.HEAD | Methods.POST;
    /** {@code Access-Control-Allow-Methods} for each set of methods, by its bits, made once. */
    private static final String[] METHOD_LISTS = new String[1 << METHOD_COUNT];

    static {
        for (int mask = 0; mask < METHOD_LISTS.length; mask++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < METHOD_COUNT; b++) {
                if ((mask & (1 << b)) != 0) sb.append(sb.length() > 0 ? ", " : "").append(Methods.name(1 << b));
            }
            METHOD_LISTS[mask] = sb.toString();
        }
    }

    private final boolean anyOrigin;
    /** Exact origins, as browsers serialise them (lower case, no default port). */
    private final Set<String> origins;
    /** {@code https://*.example.com}: what comes before the {@code *} and after it, pattern by pattern. */
    private final String[] patternHeads;
    private final String[] patternTails;
    /** Allowed methods as {@link Methods} bits. */
    private final int methods;
    private final boolean anyHeader;
    /** Allowed request headers, lower case. */
    private final String[] headers;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final boolean credentials;
    private final String maxAge;
    /** Path prefixes it applies to; null for every path. */
    private final String[] paths;
    private final boolean varyEveryResponse;
    /** {@code Vary} of an actual request's answer: null when any origin gets the same one ({@code *}). */
    private final String vary;
    /** {@code Vary} of a preflight's answer. */
    private final String preflightVary;
    /** Approves or leaves a preflight once its response is settled; one object, so nothing is made per preflight. */
    private final Consumer<Context> preflight = this::settlePreflight;

    private Cors(Builder b) {
        this.anyOrigin = b.anyOrigin;
        this.origins = Collections.unmodifiableSet(new LinkedHashSet<>(b.origins)); // in order, for toString
        this.patternHeads = new String[b.patterns.size()];
        this.patternTails = new String[b.patterns.size()];
        for (int i = 0; i < patternHeads.length; i++) {
            String p = b.patterns.get(i);
            int star = p.indexOf('*');
            patternHeads[i] = p.substring(0, star);
            patternTails[i] = p.substring(star + 1);
        }
        this.methods = b.methods < 0 ? SAFELISTED_METHODS : b.methods;
        this.anyHeader = b.anyHeader;
        this.headers = b.headers.toArray(new String[0]);
        this.allowHeaders = b.headers.isEmpty() ? null : String.join(", ", b.headers);
        this.exposeHeaders = b.anyExposed ? "*" : b.exposed.isEmpty() ? null : String.join(", ", b.exposed);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge == null ? null : Long.toString(b.maxAge.getSeconds());
        this.paths = b.paths.isEmpty() ? null : b.paths.toArray(new String[0]);
        this.varyEveryResponse = b.varyEveryResponse;
        boolean dependsOnOrigin = !anyOrigin;
        this.vary = dependsOnOrigin ? ORIGIN : null;
        this.preflightVary = (dependsOnOrigin ? ORIGIN + ", " : "") + REQUEST_METHOD + ", " + REQUEST_HEADERS;
    }

    /** A builder with nothing allowed yet: name the origins, at least. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header(ORIGIN);
        if (origin == null) {
            if (varyEveryResponse && (paths == null || applies(ctx.path()))) answerWithoutOrigin(ctx);
            return; // not a CORS request: nothing to do and nothing allocated
        }
        if (paths != null && !applies(ctx.path())) return;
        int method = Methods.bit(ctx.method());
        if (method == Methods.OPTIONS && ctx.header(REQUEST_METHOD) != null) {
            ctx.onResponse(preflight); // decided on the final answer, whoever gives it
            return;
        }
        addVary(ctx, vary);
        if (!allowsOrigin(origin) || (methods & method) == 0) return;
        ctx.header(ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        if (credentials) ctx.header(ALLOW_CREDENTIALS, "true");
        if (exposeHeaders != null) ctx.header(EXPOSE_HEADERS, exposeHeaders);
    }

    /** What {@link Builder#varyEveryResponse()} asks for a request without {@code Origin}. */
    private void answerWithoutOrigin(Context ctx) {
        if (anyOrigin) {
            ctx.header(ALLOW_ORIGIN, "*"); // the same for everyone, so no Vary (Fetch, "CORS protocol and HTTP caches")
            if (exposeHeaders != null) ctx.header(EXPOSE_HEADERS, exposeHeaders);
        } else {
            addVary(ctx, vary);
        }
    }

    /** Approves the preflight whose response is settled in {@code ctx}, or leaves it without CORS headers. */
    private void settlePreflight(Context ctx) {
        addVary(ctx, preflightVary);
        int status = ctx.status();
        String origin = ctx.header(ORIGIN);
        if (status < 200 || status > 299 || !allowsOrigin(origin)) return;
        int approved = methods & methodsIn(ctx.responseHeader(ALLOW));
        if ((approved & Methods.bit(ctx.header(REQUEST_METHOD))) == 0) return;
        String requested = ctx.header(REQUEST_HEADERS);
        if (requested != null && !allowsHeaders(requested)) return;
        ctx.header(ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        if (credentials) ctx.header(ALLOW_CREDENTIALS, "true");
        ctx.header(ALLOW_METHODS, METHOD_LISTS[approved]);
        if (requested != null && !isBlank(requested)) ctx.header(ALLOW_HEADERS, anyHeader ? requested : allowHeaders);
        if (maxAge != null) ctx.header(MAX_AGE, maxAge);
    }

    /** Whether {@code origin} is allowed: any, one of the exact ones, or one a pattern matches. Allocation-free. */
    private boolean allowsOrigin(String origin) {
        if (anyOrigin) return true;
        if (origins.contains(origin)) return true;
        for (int i = 0; i < patternHeads.length; i++) {
            String head = patternHeads[i];
            String tail = patternTails[i];
            int start = head.length();
            int end = origin.length() - tail.length();
            if (end > start && origin.startsWith(head) && origin.endsWith(tail) && isLabel(origin, start, end)) return true;
        }
        return false;
    }

    /** Whether every name in the comma-separated {@code list} is an allowed request header. Allocation-free. */
    private boolean allowsHeaders(String list) {
        if (anyHeader) return true;
        for (int i = 0, end; i < list.length(); i = end + 1) {
            end = itemEnd(list, i);
            if (!isBlank(list, i, end) && !isAllowedHeader(list, i, end)) return false;
        }
        return true;
    }

    private boolean isAllowedHeader(String list, int start, int end) {
        for (String h : headers) if (itemIs(list, start, end, h, true)) return true;
        return false;
    }

    /** Whether the path is one of {@link Builder#paths}' or below it. */
    private boolean applies(String path) {
        for (String p : paths) {
            if (path.startsWith(p) && (path.length() == p.length() || p.endsWith("/") || path.charAt(p.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** The methods a comma-separated list such as {@code Allow} names, as {@link Methods} bits. Allocation-free. */
    private static int methodsIn(String list) {
        if (list == null) return 0;
        int mask = 0;
        for (int i = 0, end; i < list.length(); i = end + 1) {
            end = itemEnd(list, i);
            for (int b = 0; b < METHOD_COUNT; b++) {
                if (itemIs(list, i, end, Methods.name(1 << b), false)) mask |= 1 << b; // methods are case-sensitive
            }
        }
        return mask;
    }

    /**
     * Adds the names in {@code value} to the response's {@code Vary}, keeping what is there (another middleware's
     * {@code Accept-Encoding}, say) and adding no name twice; {@code Vary: *} already says it all.
     */
    private static void addVary(Context ctx, String value) {
        if (value == null) return;
        String current = ctx.responseHeader(VARY);
        if (current == null || isBlank(current)) {
            ctx.header(VARY, value);
            return;
        }
        if (current.trim().equals("*")) return;
        StringBuilder merged = new StringBuilder(current); // only when something else set Vary first
        for (String name : value.split(", ")) {
            if (!listsName(current, name)) merged.append(", ").append(name);
        }
        if (merged.length() > current.length()) ctx.header(VARY, merged.toString());
    }

    /** Whether the comma-separated {@code list} has {@code name}, ignoring case. */
    private static boolean listsName(String list, String name) {
        for (int i = 0, end; i < list.length(); i = end + 1) {
            end = itemEnd(list, i);
            if (itemIs(list, i, end, name, true)) return true;
        }
        return false;
    }

    /** Where the item of a comma-separated list that starts at {@code from} ends: at its comma, or the list's end. */
    private static int itemEnd(String list, int from) {
        int comma = list.indexOf(',', from);
        return comma < 0 ? list.length() : comma;
    }

    /** Whether the list item from {@code start} to {@code end}, without the spaces around it, is {@code name}. */
    private static boolean itemIs(String list, int start, int end, String name, boolean ignoreCase) {
        while (start < end && isSpace(list.charAt(start))) start++;
        while (end > start && isSpace(list.charAt(end - 1))) end--;
        return end - start == name.length() && list.regionMatches(ignoreCase, start, name, 0, name.length());
    }

    /** One DNS label, as a {@code *} in a pattern stands for: letters, digits and hyphens, no dot. */
    private static boolean isLabel(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) return false;
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isBlank(String s) {
        return isBlank(s, 0, s.length());
    }

    private static boolean isBlank(String s, int start, int end) {
        for (int i = start; i < end; i++) if (!isSpace(s.charAt(i))) return false;
        return true;
    }

    @Override
    public String toString() {
        return "Cors[origins=" + (anyOrigin ? "*" : String.join(" ", origins) + patternsText())
                + ", methods=" + METHOD_LISTS[methods] + ", headers=" + (anyHeader ? "*" : allowHeaders)
                + ", expose=" + exposeHeaders + ", credentials=" + credentials + ", maxAge=" + maxAge
                + (paths == null ? "" : ", paths=" + String.join(" ", paths)) + "]";
    }

    private String patternsText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < patternHeads.length; i++) sb.append(' ').append(patternHeads[i]).append('*').append(patternTails[i]);
        return sb.toString();
    }

    /**
     * Collects a {@link Cors} configuration; each method adds to what earlier calls gave, and {@link #build()} checks
     * the whole and makes every header value. Not thread-safe; the {@code Cors} it builds is immutable.
     */
    public static final class Builder {
        private boolean anyOrigin;
        private final Set<String> origins = new LinkedHashSet<>();
        private final List<String> patterns = new ArrayList<>();
        /** -1 until {@link #allowMethods} is called: then the safelisted methods apply. */
        private int methods = -1;
        private boolean anyHeader;
        private final Set<String> headers = new LinkedHashSet<>();
        private boolean anyExposed;
        private final Set<String> exposed = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge;
        private final List<String> paths = new ArrayList<>();
        private boolean varyEveryResponse;

        private Builder() {}

        /**
         * Origins whose pages may read responses, each as a browser sends it in {@code Origin}: {@code scheme://host}
         * or {@code scheme://host:port}, without a path or the scheme's default port. A {@code *} as the first label
         * of the host is one label of any name: {@code https://*.example.com} allows {@code https://app.example.com},
         * not {@code https://example.com} nor {@code https://a.b.example.com} (as a wildcard TLS certificate does).
         * {@code "*"} alone allows any origin, and the answer is {@code Access-Control-Allow-Origin: *}.
         *
         * <p>{@code "null"} is refused: it is the origin of every sandboxed iframe and {@code file:} page, which
         * any site can make, so allowing it would allow them all.
         */
        public Builder allowOrigins(String... origins) {
            Objects.requireNonNull(origins, "origins == null");
            for (String origin : origins) {
                Objects.requireNonNull(origin, "origin == null");
                if (origin.equals("*")) {
                    anyOrigin = true;
                } else {
                    String o = checkOrigin(origin);
                    if (o.contains("*")) patterns.add(o);
                    else this.origins.add(o);
                }
            }
            return this;
        }

        /**
         * Methods a cross-origin page may use; {@code "*"} for every method the path's routes have. The default is
         * {@code GET}, {@code HEAD} and {@code POST}, the safelisted ones a browser sends without a preflight. A
         * request whose method is not allowed gets no CORS headers; note that a browser still sends a safelisted one,
         * so leaving it out only keeps the response from the page. Names are case-sensitive (RFC 9110 §9.1).
         */
        public Builder allowMethods(String... methods) {
            Objects.requireNonNull(methods, "methods == null");
            if (this.methods < 0) this.methods = 0;
            for (String m : methods) {
                Objects.requireNonNull(m, "method == null");
                int bit = m.equals("*") ? ALL_METHODS : Methods.bit(m);
                if (bit == Methods.NONE) {
                    throw new IllegalArgumentException("method '" + m + "' is not one Kiln routes:"
                            + " use GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS or \"*\"");
                }
                this.methods |= bit;
            }
            return this;
        }

        /**
         * Request headers a page may send beyond the CORS-safelisted ones ({@code Accept}, {@code Accept-Language},
         * {@code Content-Language}, and {@code Content-Type} of a form or text); {@code "*"} for any. Note that a JSON
         * body needs {@code Content-Type} here, and a token {@code Authorization}. Case-insensitive.
         */
        public Builder allowHeaders(String... names) {
            Objects.requireNonNull(names, "names == null");
            for (String name : names) {
                if (Objects.requireNonNull(name, "name == null").equals("*")) anyHeader = true;
                else headers.add(checkToken(name, "header").toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Response headers a page may read beyond the CORS-safelisted ones ({@code Cache-Control},
         * {@code Content-Language}, {@code Content-Length}, {@code Content-Type}, {@code Expires},
         * {@code Last-Modified}, {@code Pragma}); {@code "*"} for any, except with credentials.
         */
        public Builder exposeHeaders(String... names) {
            Objects.requireNonNull(names, "names == null");
            for (String name : names) {
                if (Objects.requireNonNull(name, "name == null").equals("*")) anyExposed = true;
                else exposed.add(checkToken(name, "header"));
            }
            return this;
        }

        /**
         * Whether pages may send credentials (cookies, HTTP authentication) and read the answers:
         * {@code Access-Control-Allow-Credentials: true}. Not with the origin {@code "*"}: {@link #build()} refuses it.
         */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /**
         * How long a browser may keep a preflight's approval ({@code Access-Control-Max-Age}), whole seconds. Without
         * it browsers keep one for 5 seconds; note that Chromium keeps one for 2 hours at most, Firefox for 24.
         */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge == null");
            if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge < 0: " + maxAge);
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Keeps Cors to these paths and those below them, by whole segments: {@code "/todos"} covers {@code /todos}
         * and {@code /todos/1}, not {@code /todosx}. Matched on the raw path, as the router matches. Every path when
         * never called.
         */
        public Builder paths(String... prefixes) {
            Objects.requireNonNull(prefixes, "prefixes == null");
            for (String p : prefixes) {
                if (!Objects.requireNonNull(p, "prefix == null").startsWith("/")) {
                    throw new IllegalArgumentException("path prefix '" + p + "' does not start with '/'");
                }
                paths.add(p);
            }
            return this;
        }

        /**
         * Answers requests without {@code Origin} too, as the Fetch standard advises for responses a shared cache may
         * keep ("CORS protocol and HTTP caches"): {@code Access-Control-Allow-Origin: *} when any origin is allowed,
         * else {@code Vary: Origin}. Without it, a cache could hand a page a response made for a request without
         * {@code Origin}, which has no CORS headers, and the page would fail to read it. Costs a header per request.
         */
        public Builder varyEveryResponse() {
            this.varyEveryResponse = true;
            return this;
        }

        /**
         * The middleware. Refuses a configuration without origins, and credentials with the origin {@code "*"}
         * (every site could read what its visitors' cookies unlock) or with {@code exposeHeaders("*")} (which the
         * Fetch standard reads as a header named {@code *} on a credentialed request).
         */
        public Cors build() {
            if (!anyOrigin && origins.isEmpty() && patterns.isEmpty()) {
                throw new IllegalStateException("no origins: name them with allowOrigins(...), or \"*\" for any");
            }
            if (credentials && anyOrigin) {
                throw new IllegalStateException("allowCredentials(true) with the origin \"*\" would let every site read"
                        + " what its visitors' cookies unlock: list the origins instead");
            }
            if (credentials && anyExposed) {
                throw new IllegalStateException("exposeHeaders(\"*\") exposes nothing on a credentialed request (the"
                        + " Fetch standard reads it as a header named *): list the headers instead");
            }
            return new Cors(this);
        }

        /** The origin in the form browsers send, lower case; else an exception saying what is wrong. */
        private static String checkOrigin(String origin) {
            if (origin.equals("null")) {
                throw new IllegalArgumentException("origin \"null\" is refused: it is the origin of every sandboxed"
                        + " iframe and file: page, which any site can make");
            }
            String o = origin.toLowerCase(Locale.ROOT);
            int sep = o.indexOf("://");
            String form = " is not scheme://host[:port] as a browser sends it, such as https://app.example.com";
            if (sep <= 0 || !isScheme(o, sep)) throw new IllegalArgumentException("origin '" + origin + "'" + form);
            String scheme = o.substring(0, sep);
            String authority = o.substring(sep + 3);
            String host = authority;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(']', colon) < 0) { // a port, not a colon of an IPv6 literal
                host = authority.substring(0, colon);
                String port = authority.substring(colon + 1);
                if (!isPort(port)) throw new IllegalArgumentException("origin '" + origin + "' has an invalid port");
                if (scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443")) {
                    throw new IllegalArgumentException("origin '" + origin + "' names its scheme's default port, which"
                            + " browsers leave out of Origin: write " + scheme + "://" + host);
                }
            }
            boolean pattern = host.startsWith("*.");
            String rest = pattern ? host.substring(2) : host;
            if (!isHost(rest)) {
                throw new IllegalArgumentException(host.contains("*") && !pattern
                        ? "origin '" + origin + "': a * may only stand for the host's first label, as in https://*.example.com"
                        : "origin '" + origin + "'" + form);
            }
            return o;
        }

        private static boolean isScheme(String s, int end) {
            if (!(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) return false;
            for (int i = 1; i < end; i++) {
                char c = s.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) return false;
            }
            return true;
        }

        private static boolean isPort(String p) {
            if (p.isEmpty() || p.length() > 5) return false;
            for (int i = 0; i < p.length(); i++) if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
            int n = Integer.parseInt(p);
            return n > 0 && n <= 65535 && !p.startsWith("0");
        }

        /** A DNS name or IPv4 address (dot-separated labels), or an IPv6 literal in brackets. */
        private static boolean isHost(String h) {
            if (h.startsWith("[") && h.endsWith("]") && h.length() > 2) {
                for (int i = 1; i < h.length() - 1; i++) {
                    char c = h.charAt(i);
                    if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) return false;
                }
                return true;
            }
            if (h.isEmpty() || h.startsWith(".") || h.endsWith(".") || h.contains("..")) return false;
            return isLabel(h.replace('.', '-'), 0, h.length());
        }

        private static String checkToken(String name, String what) {
            boolean ok = !name.isEmpty();
            for (int i = 0; i < name.length() && ok; i++) {
                char c = name.charAt(i);
                ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            }
            if (!ok) throw new IllegalArgumentException(what + " name '" + name + "' is not a token (RFC 9110 §5.1)");
            return name;
        }
    }
}
