package dev.kiln;

import java.util.List;
import java.util.Objects;

/**
 * An error answer as RFC 9457 describes it ("Problem Details for HTTP APIs"): every error Kiln itself produces is
 * one — a bad parameter, a body that cannot be read, a failed validation, 404, 405, 413, 415, 500 — and an
 * application may answer with one too ({@link Context#problem}). A {@link ProblemRenderer} writes it; by default as
 * {@code application/problem+json}:
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Bad Request","status":400,"detail":"query parameter 'limit': expected int",
 *  "errors":[{"name":"limit","in":"query","expected":"int"}]}
 * }</pre>
 *
 * @param type   a URI that names the kind of problem; {@code about:blank} when the status says it all (RFC 9457 §4.2.1)
 * @param title  a short summary of the kind of problem: the status's reason phrase for {@code about:blank}
 * @param status the HTTP status, 200 to 599
 * @param detail what went wrong with this request, for a person; null for nothing more than the title
 * @param errors for bad input, one entry per parameter or field at fault; empty otherwise
 */
public record Problem(String type, String title, int status, String detail, List<Error> errors) {
    /** The type of a problem that its status describes fully. */
    public static final String ABOUT_BLANK = "about:blank";

    public Problem {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(title, "title == null");
        Response.checkStatus(status);
        errors = List.copyOf(errors);
    }

    /**
     * One parameter or field at fault in a request.
     *
     * @param name     the parameter's name, or the field's path in the body ({@code items[1].qty})
     * @param in       where it was: {@code path}, {@code query}, {@code header}, {@code cookie}, {@code form} or {@code body}
     * @param expected what it should have been, such as {@code int}; null when the detail says it
     * @param detail   why it was refused, such as {@code must not be blank}; null when {@code expected} says it
     */
    public record Error(String name, String in, String expected, String detail) {
        public Error {
            Objects.requireNonNull(name, "name == null");
            Objects.requireNonNull(in, "in == null");
        }
    }

    /** A problem with {@code status}, its reason phrase as title, and {@code detail} (null for none). */
    public static Problem of(int status, String detail) {
        return new Problem(ABOUT_BLANK, reasonPhrase(status), status, detail, List.of());
    }

    /** A problem of bad input: {@code status}, {@code detail}, and the parameters or fields at fault. */
    public static Problem of(int status, String detail, List<Error> errors) {
        return new Problem(ABOUT_BLANK, reasonPhrase(status), status, detail, errors);
    }

    /** The same problem with another status (and that status's title, when the title was the reason phrase). */
    public Problem withStatus(int status) {
        String title = type.equals(ABOUT_BLANK) && this.title.equals(reasonPhrase(this.status)) ? reasonPhrase(status)
                : this.title;
        return new Problem(type, title, status, detail, errors);
    }

    /** The reason phrase of {@code status} (RFC 9110 §15), such as {@code Not Found}; its class's for others. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> switch (status / 100) {
                case 2 -> "Success";
                case 3 -> "Redirection";
                case 4 -> "Client Error";
                default -> "Server Error";
            };
        };
    }
}
