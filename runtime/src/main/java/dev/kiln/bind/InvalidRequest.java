package dev.kiln.bind;

import dev.kiln.Problem;
import dev.kiln.RequestRejected;
import java.util.List;
import java.util.Objects;

/**
 * A request whose values were read but break their constraints (a blank name, a quantity under 1): every violation
 * at once, as the errors of a {@link Problem}. Answered with 400, or with the status the server is set to answer
 * validation failures with ({@code KilnServer.validationStatus(422)}).
 */
public final class InvalidRequest extends RequestRejected {
    private static final long serialVersionUID = 1L;

    /** Each parameter or field at fault, in the order they were checked. */
    private final List<Problem.Error> violations;

    /** @param violations each parameter or field at fault; at least one */
    public InvalidRequest(List<Problem.Error> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    private static String message(List<Problem.Error> violations) {
        if (Objects.requireNonNull(violations, "violations == null").isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one violation");
        }
        Problem.Error first = violations.get(0);
        String one = first.in() + " '" + first.name() + "': " + (first.detail() != null ? first.detail() : first.expected());
        return violations.size() == 1 ? one : one + " (and " + (violations.size() - 1) + " more)";
    }

    /** Each parameter or field at fault, in the order they were checked. */
    public List<Problem.Error> violations() {
        return violations;
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public Problem problem() {
        return Problem.of(400, violations.size() == 1 ? "1 value is invalid" : violations.size() + " values are invalid",
                violations);
    }
}
