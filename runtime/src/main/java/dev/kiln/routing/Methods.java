package dev.kiln.routing;

/**
 * The HTTP methods a route can declare, as bits, so a set of them (a path's {@code Allow}) is one int.
 *
 * <p>Generated routers compare the request's bit with constants; {@link #NONE} is any other method,
 * which no route can match.
 */
public final class Methods {
    /** Any method no route can declare, such as {@code TRACE}; no bit, so it matches nothing. */
    public static final int NONE = 0;
    /** {@code GET}. */
    public static final int GET = 1;
    /** {@code HEAD}; a {@code GET} route answers it too, without the body. */
    public static final int HEAD = 1 << 1;
    /** {@code POST}. */
    public static final int POST = 1 << 2;
    /** {@code PUT}. */
    public static final int PUT = 1 << 3;
    /** {@code DELETE}. */
    public static final int DELETE = 1 << 4;
    /** {@code PATCH}. */
    public static final int PATCH = 1 << 5;
    /** {@code OPTIONS}; answered with {@code Allow} on every path that has no route for it. */
    public static final int OPTIONS = 1 << 6;

    private static final String[] NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    private static final String[] ALLOW = new String[1 << NAMES.length];

    static {
        for (int mask = 0; mask < ALLOW.length; mask++) {
            int full = mask | OPTIONS | ((mask & GET) != 0 ? HEAD : 0);
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < NAMES.length; b++) {
                if ((full & (1 << b)) != 0) {
                    if (sb.length() > 0) sb.append(", ");
                    sb.append(NAMES[b]);
                }
            }
            ALLOW[mask] = sb.toString();
        }
    }

    private Methods() {}

    /** The bit for a method name, or {@link #NONE}; exact and case-sensitive, as RFC 9110 §9.1 says. */
    public static int bit(String method) {
        switch (method) {
            case "GET": return GET;
            case "HEAD": return HEAD;
            case "POST": return POST;
            case "PUT": return PUT;
            case "DELETE": return DELETE;
            case "PATCH": return PATCH;
            case "OPTIONS": return OPTIONS;
            default: return NONE;
        }
    }

    /** The name of a single-bit method, such as {@code "GET"}; {@code "NONE"} for {@link #NONE}. */
    public static String name(int bit) {
        int k = Integer.numberOfTrailingZeros(bit);
        return k < NAMES.length ? NAMES[k] : "NONE";
    }

    /**
     * The {@code Allow} header value for the methods a path has (RFC 9110 §10.2.1): they, plus HEAD
     * where GET is (GET routes answer HEAD) and OPTIONS (always answered).
     */
    public static String allow(int mask) {
        return ALLOW[mask & (ALLOW.length - 1)];
    }
}
