package dev.kiln.processor.tree;

import dev.kiln.processor.diag.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A route's path template, parsed: static text, {@code :name} (one segment) and {@code *name} (the rest).
 *
 * <p>The syntax is Gin's with one restriction: a parameter takes a whole segment, so {@code /user_:name}
 * is an error. Static text may hold RFC 3986 path characters except {@code %}: templates match the raw
 * path, so an escape in a template would only ever match that exact escape.
 *
 * @param path   the template as written
 * @param pieces static runs and parameters in order; a static run may span segments ({@code "/repos/"})
 */
public record PathTemplate(String path, List<Piece> pieces) {

    /** One part of a template. */
    public sealed interface Piece permits Static, Param, CatchAll {}

    /** Literal text, matched as sent. */
    public record Static(String text) implements Piece {}

    /** {@code :name}: one non-empty segment. */
    public record Param(String name) implements Piece {}

    /** {@code *name}: the rest of the path from the slash before it, possibly just {@code "/"}; last only. */
    public record CatchAll(String name) implements Piece {}

    /** Why a template cannot be parsed: the problem to report and a message that says how to fix it. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        SyntaxError(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        /** Which problem it is, such as {@link Problem#PATH_START}. */
        public Problem problem() {
            return problem;
        }
    }

    /** The parameter names in order, catch-all included. */
    public List<String> paramNames() {
        List<String> names = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece instanceof Param p) names.add(p.name());
            if (piece instanceof CatchAll c) names.add(c.name());
        }
        return names;
    }

    /** Parses a template; the message of a {@link SyntaxError} quotes the template. */
    public static PathTemplate parse(String path) throws SyntaxError {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new SyntaxError(Problem.PATH_START, "Path '" + path + "' does not start with '/'. Write it as '/" + path + "'.");
        }
        List<Piece> pieces = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            // i is at a '/': the start of a segment.
            text.append('/');
            int start = i + 1;
            int end = path.indexOf('/', start);
            if (end < 0) end = path.length();
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                throw new SyntaxError(Problem.DOT_SEGMENT, "Path '" + path + "' has a '" + segment
                        + "' segment, which requests never reach. Remove it.");
            }
            if (segment.isEmpty() && end != path.length()) {
                throw new SyntaxError(Problem.EMPTY_SEGMENT, "Path '" + path + "' has an empty segment ('//'), which requests"
                        + " never reach. Remove the extra '/'.");
            }
            char first = segment.isEmpty() ? 0 : segment.charAt(0);
            if (first == ':' || first == '*') {
                String name = segment.substring(1);
                String kind = first == ':' ? "parameter" : "catch-all";
                if (name.isEmpty()) {
                    throw new SyntaxError(Problem.EMPTY_PARAM_NAME, "Path '" + path + "' has a " + kind
                            + " without a name. Name it, as in '" + first + "id'.");
                }
                if (!isJavaLikeName(name)) {
                    throw new SyntaxError(Problem.PATH_CHARACTER, "Path '" + path + "' has the " + kind + " name '" + name
                            + "', which is not a name. Use letters, digits and '_', starting with a letter.");
                }
                if (!seen.add(name)) {
                    throw new SyntaxError(Problem.DUPLICATE_PARAM_NAME, "Path '" + path + "' declares '" + name
                            + "' twice. Give each parameter its own name.");
                }
                if (first == '*' && end != path.length()) {
                    throw new SyntaxError(Problem.CATCH_ALL_NOT_LAST, "Path '" + path + "' has the catch-all '*" + name
                            + "' before its end. A catch-all takes the rest of the path, so it must be the last segment.");
                }
                pieces.add(new Static(text.toString()));
                text.setLength(0);
                pieces.add(first == ':' ? new Param(name) : new CatchAll(name));
            } else {
                for (int k = 0; k < segment.length(); k++) {
                    char c = segment.charAt(k);
                    if (!isStaticPathChar(c)) {
                        throw new SyntaxError(Problem.PATH_CHARACTER, "Path '" + path + "' has the character '" + c
                                + "', which is not allowed in a path template. Use letters, digits and -._~!$&'()+,;=@"
                                + (c == ':' || c == '*' ? "; ':' and '*' start a parameter only at the start of a segment." : "."));
                    }
                }
                text.append(segment);
            }
            i = end;
        }
        if (text.length() > 0) pieces.add(new Static(text.toString()));
        // Merge the empty static runs a parameter at the very start would leave.
        pieces.removeIf(p -> p instanceof Static s && s.text().isEmpty());
        return new PathTemplate(path, List.copyOf(pieces));
    }

    private static boolean isJavaLikeName(String name) {
        if (!Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') return false;
        for (int k = 1; k < name.length(); k++) {
            char c = name.charAt(k);
            if (!Character.isLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }

    /** RFC 3986 pchar without '%' (escapes), ':' and '*' (parameter markers), as ASCII. */
    private static boolean isStaticPathChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        return "-._~!$&'()+,;=@".indexOf(c) >= 0;
    }
}
