package dev.kiln.bind;

import dev.kiln.Problem;
import dev.kiln.RequestRejected;
import java.util.List;

/**
 * 400 for a parameter that is missing or cannot be converted: a {@link Problem} whose one error names the
 * parameter, where it came from and what was expected ({@code {"name":"limit","in":"query","expected":"int"}}), and
 * for a body also why it could not be read ({@code "detail":"field title: expected a string at line 1, column 11"}).
 */
public final class BadRequest extends RequestRejected {
    private static final long serialVersionUID = 1L;

    /** The parameter's name in the request. */
    private final String param;
    /** Where the parameter comes from: path, query, header, cookie, form or body. */
    private final String in;
    /** What the parameter should have been. */
    private final String expected;
    /** Why the value could not be read, when there is more to say than {@link #expected}; else null. */
    private final String reason;

    /**
     * @param param    the parameter's name in the request (query name, header name, path parameter)
     * @param in       where it comes from: {@code path}, {@code query}, {@code header}, {@code cookie}, {@code form} or {@code body}
     * @param expected what it should have been, such as {@code int}, {@code uuid}, {@code one of RED, GREEN}
     */
    public BadRequest(String param, String in, String expected) {
        this(param, in, expected, null);
    }

    /**
     * @param param    the parameter's name in the request
     * @param in       where it comes from
     * @param expected what it should have been
     * @param reason   why it could not be read, such as {@code empty body} or
     *                 {@code malformed JSON at line 2, column 5: expected ',' or '}'}; null for nothing more
     */
    public BadRequest(String param, String in, String expected, String reason) {
        super(in + " parameter '" + param + "': expected " + expected + (reason == null ? "" : " (" + reason + ")"));
        this.param = param;
        this.in = in;
        this.expected = expected;
        this.reason = reason;
    }

    /** Why the value could not be read, such as {@code empty body}; null when {@link #expected} says it all. */
    public String reason() {
        return reason;
    }

    /** The parameter's name in the request: query name, header name, path parameter. */
    public String param() {
        return param;
    }

    /** Where the parameter comes from: {@code path}, {@code query}, {@code header}, {@code cookie}, {@code form} or {@code body}. */
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
    public Problem problem() {
        return Problem.of(400, getMessage(), List.of(new Problem.Error(param, in, expected, reason)));
    }
}
