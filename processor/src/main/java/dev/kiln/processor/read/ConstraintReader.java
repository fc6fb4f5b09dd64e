package dev.kiln.processor.read;

import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.diag.Diagnostics;
import dev.kiln.processor.diag.Problem;
import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.model.Constraint.Kind;
import dev.kiln.processor.model.Constraint.Subject;
import dev.kiln.processor.model.Constraint.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the Jakarta Bean Validation annotations on a handler parameter or a record component into
 * {@link Constraint}s, by their qualified names (no annotation class is loaded), and reports on the element a
 * constraint its type cannot take ({@code @Size} on an {@code int}), one whose values can never hold (an invalid
 * regular expression, {@code min > max}), and one of Jakarta's that Kiln does not check.
 */
final class ConstraintReader {
    private static final String PACKAGE = RuntimeContract.JAKARTA_MESSAGES.get(0).owner().packageName();
    private static final Set<Subject> SIZED = Set.of(Subject.TEXT, Subject.COLLECTION, Subject.MAP, Subject.ARRAY);
    private static final Set<Subject> INTEGERS = Set.of(Subject.INTEGRAL, Subject.INTEGRAL_BOX, Subject.BIG_INTEGER,
            Subject.BIG_DECIMAL);
    private static final Set<Subject> NUMBERS = Set.of(Subject.INTEGRAL, Subject.INTEGRAL_BOX, Subject.BIG_INTEGER,
            Subject.BIG_DECIMAL, Subject.FLOATING, Subject.FLOATING_BOX);

    private final Types types;
    private final Diagnostics diagnostics;
    private final TypeMirror charSequence;
    private final TypeMirror collection;
    private final TypeMirror map;

    ConstraintReader(Types types, Elements elements, Diagnostics diagnostics) {
        this.types = types;
        this.diagnostics = diagnostics;
        this.charSequence = erasure(elements, "java.lang.CharSequence");
        this.collection = erasure(elements, "java.util.Collection");
        this.map = erasure(elements, "java.util.Map");
    }

    private TypeMirror erasure(Elements elements, String name) {
        TypeElement e = elements.getTypeElement(name);
        return e == null ? null : types.erasure(e.asType());
    }

    /**
     * The constraints on {@code element}, whose value is of type {@code type} (an {@code Optional}'s content for an
     * optional parameter); a constraint with a problem is reported and left out.
     *
     * @param what            the element as messages name it: {@code Parameter 'q' of Api#find(String)}
     * @param implicitCascade whether its records are checked without {@code @Valid}: a {@code @Body}
     */
    Validation read(Element element, TypeMirror type, String what, boolean implicitCascade) {
        List<Constraint> constraints = new ArrayList<>();
        boolean cascade = implicitCascade && cascades(type);
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
            String name = annotation.getQualifiedName().toString();
            if (name.equals(RuntimeContract.JAKARTA_VALID.canonicalName())) {
                if (cascades(type)) {
                    cascade = true;
                } else {
                    diagnostics.report(Problem.CONSTRAINT_TYPE, element, "@Valid on " + what + ", of type " + Conversions.jsonName(type)
                            + ", has nothing to check: it applies to a record, or a collection or array of records. Remove"
                            + " @Valid.");
                }
                continue;
            }
            if (!name.equals(PACKAGE + "." + annotation.getSimpleName())) continue;
            Kind kind = Arrays.stream(Kind.values()).filter(k -> k.annotation().contentEquals(annotation.getSimpleName()))
                    .findFirst().orElse(null);
            if (kind == null) {
                diagnostics.report(Problem.UNSUPPORTED_CONSTRAINT, element, "@" + annotation.getSimpleName() + " on " + what
                        + " is a Jakarta constraint that Kiln does not check. Use "
                        + Arrays.stream(Kind.values()).map(k -> "@" + k.annotation()).collect(Collectors.joining(", "))
                        + " or @Valid, or check the value in the handler.");
                continue;
            }
            Constraint constraint = constraint(element, mirror, kind, type, what);
            if (constraint != null) constraints.add(constraint);
        }
        // A record component that holds records: Jakarta checks them only with @Valid, which is easy to forget.
        TypeElement held = cascade || element.getKind() != ElementKind.FIELD ? null : heldRecord(type);
        if (held != null && hasConstraints(held)) {
            diagnostics.report(Problem.VALID_MISSING, element, capitalized(what) + " holds " + Conversions.jsonName(type)
                    + ", whose record " + held.getSimpleName() + " has constraints, but it has no @Valid, so they are not"
                    + " checked. Add @Valid to it.");
        }
        return constraints.isEmpty() && !cascade ? Validation.NONE : new Validation(constraints, cascade);
    }

    private static String capitalized(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    /** The record a value of {@code type} holds: itself, or the element of its collection or array; else null. */
    private TypeElement heldRecord(TypeMirror type) {
        if (!cascades(type)) return null;
        TypeMirror record = type.getKind() == TypeKind.ARRAY ? ((ArrayType) type).getComponentType()
                : isRecord(type) ? type : ((DeclaredType) type).getTypeArguments().get(0);
        return (TypeElement) ((DeclaredType) record).asElement();
    }

    /** Whether a component of {@code record} carries a Jakarta constraint or {@code @Valid}. */
    private static boolean hasConstraints(TypeElement record) {
        for (Element e : record.getEnclosedElements()) {
            if (e.getKind() != ElementKind.FIELD) continue;
            for (AnnotationMirror m : e.getAnnotationMirrors()) {
                String name = ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().toString();
                if (name.startsWith(PACKAGE + ".") || name.equals(RuntimeContract.JAKARTA_VALID.canonicalName())) return true;
            }
        }
        return false;
    }

    private Constraint constraint(Element element, AnnotationMirror mirror, Kind kind, TypeMirror type, String what) {
        Subject subject = subject(type);
        String takes = switch (kind) {
            case NOT_NULL -> type.getKind().isPrimitive() ? "a reference type (a primitive is never null)" : null;
            case NOT_EMPTY, SIZE -> SIZED.contains(subject) ? null : "a CharSequence, Collection, Map or array";
            case NOT_BLANK, PATTERN, EMAIL -> subject == Subject.TEXT ? null : "a CharSequence";
            case MIN, MAX -> INTEGERS.contains(subject) ? null
                    : "byte, short, int, long, their boxes, BigInteger or BigDecimal";
            case POSITIVE, POSITIVE_OR_ZERO -> NUMBERS.contains(subject) ? null
                    : "a number: a primitive one but char, its box, BigInteger or BigDecimal";
        };
        if (takes != null) {
            diagnostics.report(Problem.CONSTRAINT_TYPE, element, "@" + kind.annotation() + " on " + what + ", of type "
                    + Conversions.jsonName(type)
                    + ", cannot apply: it takes " + takes + ". Remove it, or change the type.");
            return null;
        }
        Member message = RuntimeContract.JAKARTA_MESSAGES.get(kind.ordinal());
        long min = 0;
        long max = 0;
        String regex = null;
        switch (kind) {
            case SIZE -> {
                min = Long.parseLong(Annotations.string(mirror, RuntimeContract.JAKARTA_SIZE_MIN, "0"));
                max = Long.parseLong(Annotations.string(mirror, RuntimeContract.JAKARTA_SIZE_MAX,
                        String.valueOf(Integer.MAX_VALUE)));
                if (min < 0 || max < min) {
                    return bad(element, "@Size(min = " + min + ", max = " + max + ") on " + what + " can never hold: "
                            + (min < 0 ? "min is negative" : "max is less than min") + ". Make 0 <= min <= max.");
                }
            }
            case MIN -> min = Long.parseLong(Annotations.string(mirror, RuntimeContract.JAKARTA_MIN_VALUE, "0"));
            case MAX -> max = Long.parseLong(Annotations.string(mirror, RuntimeContract.JAKARTA_MAX_VALUE, "0"));
            case PATTERN -> {
                regex = Annotations.string(mirror, RuntimeContract.JAKARTA_PATTERN_REGEXP, "");
                if (!Annotations.classValues(mirror, RuntimeContract.JAKARTA_PATTERN_FLAGS).isEmpty()) {
                    return bad(element, "@Pattern on " + what + " sets flags, which Kiln does not take. Write them in the"
                            + " expression instead, such as (?i) for CASE_INSENSITIVE.");
                }
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    return bad(element, "@Pattern(regexp = \"" + regex + "\") on " + what + " is not a valid regular"
                            + " expression: " + e.getDescription() + " near index " + e.getIndex() + ". Correct it.");
                }
            }
            case EMAIL -> {
                if (!Annotations.string(mirror, RuntimeContract.JAKARTA_EMAIL_REGEXP, "").isEmpty()) {
                    return bad(element, "@Email on " + what + " sets a regexp, which Kiln does not take. Add an @Pattern"
                            + " with that expression instead.");
                }
            }
            default -> { }
        }
        String text = Annotations.string(mirror, message, "");
        if (text.isEmpty() || text.startsWith("{")) text = switch (kind) {
            case NOT_NULL -> "must not be null";
            case NOT_EMPTY -> "must not be empty";
            case NOT_BLANK -> "must not be blank";
            case SIZE -> "size must be between {min} and {max}";
            case MIN -> "must be greater than or equal to {value}";
            case MAX -> "must be less than or equal to {value}";
            case POSITIVE -> "must be greater than 0";
            case POSITIVE_OR_ZERO -> "must be greater than or equal to 0";
            case PATTERN -> "must match \"{regexp}\"";
            case EMAIL -> "must be a well-formed email address";
        };
        text = text.replace("{min}", String.valueOf(min)).replace("{max}", String.valueOf(max))
                .replace("{value}", String.valueOf(kind == Kind.MAX ? max : min))
                .replace("{regexp}", regex == null ? "{regexp}" : regex);
        return new Constraint(kind, subject, min, max, regex, text);
    }

    private Constraint bad(Element element, String message) {
        diagnostics.report(Problem.BAD_CONSTRAINT, element, message);
        return null;
    }

    /** Whether {@code @Valid} has something to check in a value of {@code type}: a record, or records in a collection or array. */
    private boolean cascades(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) return isRecord(((ArrayType) type).getComponentType());
        if (isRecord(type)) return true;
        if (type.getKind() != TypeKind.DECLARED || collection == null
                || !types.isAssignable(types.erasure(type), collection)) return false;
        List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
        return arguments.size() == 1 && isRecord(arguments.get(0));
    }

    private static boolean isRecord(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement().getKind() == ElementKind.RECORD;
    }

    /** What a value of {@code type} is, for the checks. */
    private Subject subject(TypeMirror type) {
        switch (type.getKind()) {
            case BYTE, SHORT, INT, LONG:
                return Subject.INTEGRAL;
            case FLOAT, DOUBLE:
                return Subject.FLOATING;
            case ARRAY:
                return Subject.ARRAY;
            case DECLARED:
                break;
            default:
                return Subject.OTHER;
        }
        String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
        switch (name) {
            case "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long":
                return Subject.INTEGRAL_BOX;
            case "java.lang.Float", "java.lang.Double":
                return Subject.FLOATING_BOX;
            case "java.math.BigInteger":
                return Subject.BIG_INTEGER;
            case "java.math.BigDecimal":
                return Subject.BIG_DECIMAL;
            default:
                break;
        }
        TypeMirror erased = types.erasure(type);
        if (charSequence != null && types.isAssignable(erased, charSequence)) return Subject.TEXT;
        if (collection != null && types.isAssignable(erased, collection)) return Subject.COLLECTION;
        if (map != null && types.isAssignable(erased, map)) return Subject.MAP;
        return Subject.OTHER;
    }
}
