package dev.kiln.realworld;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the status and the spec's error body, {@code {"errors":{"field":["message"]}}}:
 * 422 for a failed validation, 401, 403 and 404 otherwise. Handlers throw it; {@link RealWorldApp} maps it to its
 * response, so nothing after the throw runs.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, List<String>> errors;

    ApiError(int status, Map<String, List<String>> errors) {
        super(status + " " + errors, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors)); // in the order found
    }

    /** 422: {@code field} failed validation with {@code message} (the spec's wording: "can't be blank"). */
    public static ApiError invalid(String field, String message) {
        return new ApiError(422, Map.of(field, List.of(message)));
    }

    /** 404: no {@code what} (such as "article") by that name. */
    public static ApiError notFound(String what) {
        return new ApiError(404, Map.of(what, List.of("not found")));
    }

    /** 403: the viewer may not {@code action} this {@code what}. */
    public static ApiError forbidden(String what, String action) {
        return new ApiError(403, Map.of(what, List.of("may only be " + action + " by its author")));
    }

    /** 401 with one message for {@code field}. */
    public static ApiError unauthorized(String field, String message) {
        return new ApiError(401, Map.of(field, List.of(message)));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The body to answer with. */
    public Errors body() {
        return new Errors(errors);
    }

    /** Collects the fields of one request body that fail validation, to report them all at once. */
    public static final class Validation {
        private final Map<String, List<String>> errors = new LinkedHashMap<>();

        /** Records {@code message} against {@code field} unless {@code ok}. */
        public Validation check(boolean ok, String field, String message) {
            if (!ok) errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
            return this;
        }

        /** "can't be blank" unless {@code value} has a character that is not white space. */
        public Validation required(String field, String value) {
            return check(value != null && !value.isBlank(), field, "can't be blank");
        }

        /** "is too long (at most N characters)" when {@code value} has more than {@code max} characters. */
        public Validation maxLength(String field, String value, int max) {
            return check(value == null || value.length() <= max, field, "is too long (at most " + max + " characters)");
        }

        /** Throws a 422 naming every field recorded, if any. */
        public void orThrow() {
            if (!errors.isEmpty()) throw new ApiError(422, errors);
        }
    }
}
