package dev.kiln.bind;

import dev.kiln.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The constraint violations of one request, collected by the validation code Kiln generates for a route: every
 * violation, not only the first. Generated code starts from {@code null} and calls {@link #add}, which makes the
 * collector on the first violation, so a valid request allocates nothing; after the checks, a collector that
 * exists is thrown as an {@link InvalidRequest} ({@link #rejected()}).
 *
 * <p>A nested record's checks add names relative to that record ({@code qty}); the caller then puts the field's
 * path in front ({@link #nest}: {@code items[1].qty}), which costs nothing when nothing was added.
 */
public final class Violations {
    private String[] names = new String[4];
    private String[] ins = new String[4];
    private String[] details = new String[4];
    private int size;

    private Violations() {}

    /**
     * {@code violations} with one more: {@code name} in {@code in} breaks its constraint, as {@code detail} says.
     *
     * @param violations the violations so far, or null for none
     * @param name       the parameter's name, or the field's path in the body relative to the record checked
     * @param in         where it was: {@code path}, {@code query}, {@code header}, {@code cookie} or {@code body}
     * @param detail     what was expected, such as {@code must not be blank}
     * @return {@code violations}, or a new collector when it was null
     */
    public static Violations add(Violations violations, String name, String in, String detail) {
        Violations v = violations != null ? violations : new Violations();
        if (v.size == v.names.length) {
            v.names = Arrays.copyOf(v.names, v.size * 2);
            v.ins = Arrays.copyOf(v.ins, v.size * 2);
            v.details = Arrays.copyOf(v.details, v.size * 2);
        }
        v.names[v.size] = name;
        v.ins[v.size] = in;
        v.details[v.size] = detail;
        v.size++;
        return v;
    }

    /** How many violations {@code violations} holds: 0 for null. */
    public static int size(Violations violations) {
        return violations == null ? 0 : violations.size;
    }

    /**
     * Puts the path of a nested value in front of the names of the violations added since there were {@code from}:
     * {@code field.name}, {@code field[index].name}, or {@code [index].name} for an element of a list body.
     *
     * @param field the field that holds the nested value, or null for an element of the body itself
     * @param index the element's index in its list or array, or -1 for a field that holds one record
     */
    public static void nest(Violations violations, int from, String field, int index) {
        if (violations == null) return;
        for (int k = from; k < violations.size; k++) {
            String name = violations.names[k];
            String prefix = (field == null ? "" : field) + (index < 0 ? "" : "[" + index + "]");
            violations.names[k] = name.startsWith("[") ? prefix + name : prefix + "." + name;
        }
    }

    /** The violations as the errors of a problem, in the order they were found. */
    public List<Problem.Error> errors() {
        List<Problem.Error> errors = new ArrayList<>(size);
        for (int k = 0; k < size; k++) errors.add(new Problem.Error(names[k], ins[k], null, details[k]));
        return errors;
    }

    /** The request's rejection: 400, or the server's {@code validationStatus}, naming every violation. */
    public InvalidRequest rejected() {
        return new InvalidRequest(errors());
    }
}
