package dev.kiln;

/**
 * Writes a {@link Problem} as a response body: the one place an application changes how every error Kiln
 * produces looks ({@code KilnServer.problems(renderer)}). The default, {@link #json()}, writes RFC 9457's
 * {@code application/problem+json}. A renderer must be thread-safe and must not throw: it runs on the event loop,
 * often for a request that is already failing.
 */
public interface ProblemRenderer {
    /** The content type of what {@link #render} writes, such as {@code application/problem+json}. */
    String contentType();

    /** The body for {@code problem}, encoded. */
    byte[] render(Problem problem);

    /**
     * RFC 9457's JSON form: {@code type}, {@code title}, {@code status}, {@code detail} when there is one, and
     * {@code errors} when there are any, each with {@code name}, {@code in}, and {@code expected} and
     * {@code detail} when set.
     */
    static ProblemRenderer json() {
        return ProblemJson.INSTANCE;
    }
}
