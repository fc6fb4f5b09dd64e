package dev.kiln.bind;

import dev.kiln.RequestRejected;

/**
 * 400 for a parameter that is missing or cannot be converted, naming the parameter, where it came from and
 * what was expected: {@code {"error":"bad_request","param":"limit","in":"query","expected":"int"}}.
 */
public final class BadRequest extends RequestRejected {
    private static final long serialVersionUID = 1L;

    /** The parameter's name in the request. */
    private final String param;
    /** Where the parameter comes from: path, query, header, cookie or body. */
    private final String in;
    /** What the parameter should have been. */
    private final String expected;

    /**
     * @param param    the parameter's name in the request (query name, header name, path parameter)
     * @param in       where it comes from: {@code path}, {@code query}, {@code header}, {@code cookie} or {@code body}
     * @param expected what it should have been, such as {@code int}, {@code uuid}, {@code one of RED, GREEN}
     */
    public BadRequest(String param, String in, String expected) {
        super(in + " parameter '" + param + "': expected " + expected);
        this.param = param;
        this.in = in;
        this.expected = expected;
    }

    /** The parameter's name in the request: query name, header name, path parameter. */
    public String param() {
        return param;
    }

    /** Where the parameter comes from: {@code path}, {@code query}, {@code header}, {@code cookie} or {@code body}. */
    public String in() {
        return in;
    }

    /** What the parameter should have been, such as {@code int} or {@code one of RED, GREEN}. */
    public String expected() {
        return expected;
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String body() {
        return "{\"error\":\"bad_request\",\"param\":" + quote(param) + ",\"in\":" + quote(in)
                + ",\"expected\":" + quote(expected) + "}";
    }
}
