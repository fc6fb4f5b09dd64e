package dev.kiln.bench.buildcost;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Where the lines of generated source files go: each file parsed with javac's tree API, the members of its
 * classes grouped by kind and by name with the digits taken out ({@code n12} and {@code n345} are both
 * {@code method n#}), each with the lines it spans, the comment lines among them, and how many there are. It reads
 * whatever the processor wrote, so a change to the emitters changes the groups, not this class.
 *
 * <p>A member's lines run from the line after the member before it (so its doc comment and the blank line
 * before it count as its own) to its last line; the lines before a class's first member are its header.
 */
final class GeneratedSize {
    /** The lines of one kind of member: the members of a group, their lines, and how many of those are comments. */
    private static final class Group {
        int members;
        int lines;
        int commentLines;
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private int files;
    private int lines;
    private int commentLines;
    private int blankLines;

    private GeneratedSize() {}

    static GeneratedSize of(JavaCompiler compiler, List<Path> sources) throws IOException {
        GeneratedSize size = new GeneratedSize();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                size.add(unit, positions);
            }
        }
        return size;
    }

    private void add(CompilationUnitTree unit, SourcePositions positions) throws IOException {
        String text = unit.getSourceFile().getCharContent(true).toString();
        char[] kinds = LineKinds.of(text);
        LineMap map = unit.getLineMap();
        files++;
        lines += kinds.length;
        for (char kind : kinds) {
            if (kind == LineKinds.COMMENT) commentLines++;
            if (kind == LineKinds.BLANK) blankLines++;
        }
        int next = 1; // the first line not yet given to a group
        for (Tree type : unit.getTypeDecls()) {
            if (!(type instanceof ClassTree cls)) continue;
            int header = next;
            for (Tree member : cls.getMembers()) {
                long start = positions.getStartPosition(unit, member);
                long end = positions.getEndPosition(unit, member);
                if (start < 0 || end < 0) continue; // a member javac made up, such as a default constructor
                int last = (int) map.getLineNumber(end);
                if (next == header) {
                    // The class's own doc comment and declaration line, up to its first member's doc comment.
                    int first = (int) map.getLineNumber(start);
                    int headerEnd = firstLineOfLeadingComment(kinds, first, header) - 1;
                    count("header of class " + cls.getSimpleName(), kinds, header, headerEnd);
                    next = headerEnd + 1;
                }
                count(name(member), kinds, next, last);
                next = last + 1;
            }
        }
        count("end of file", kinds, next, kinds.length);
    }

    /** The first line of the comments and blank lines right above {@code line}, looking no higher than {@code floor}. */
    private static int firstLineOfLeadingComment(char[] kinds, int line, int floor) {
        int first = line;
        while (first - 1 > floor && kinds[first - 2] != LineKinds.CODE) first--;
        return first;
    }

    private static String name(Tree member) {
        String name;
        if (member instanceof MethodTree m) name = "method " + m.getName();
        else if (member instanceof VariableTree v) name = "field " + v.getName();
        else if (member instanceof ClassTree c) name = "class " + c.getSimpleName();
        else if (member instanceof BlockTree) name = "initializer";
        else name = member.getKind().toString().toLowerCase();
        return name.replaceAll("\\d+", "#");
    }

    /** Gives lines {@code first..last} (from 1, inclusive) to a group. */
    private void count(String group, char[] kinds, int first, int last) {
        if (last < first) return;
        Group g = groups.computeIfAbsent(group, k -> new Group());
        g.members++;
        g.lines += last - first + 1;
        for (int line = first; line <= last; line++) {
            if (kinds[line - 1] == LineKinds.COMMENT) g.commentLines++;
        }
    }

    /** A markdown table of the groups, largest first, with groups under 0.5 % of the lines folded into one row. */
    void print(PrintStream out) {
        out.printf("%,d lines in %d file(s): %,d comment lines (%.0f %%), %,d blank (%.0f %%)%n%n", lines, files,
                commentLines, percent(commentLines), blankLines, percent(blankLines));
        out.println("| members | how many | lines | share | of which comments |");
        out.println("|---|---:|---:|---:|---:|");
        List<Map.Entry<String, Group>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, Group> e) -> e.getValue().lines).reversed());
        Group rest = new Group();
        for (Map.Entry<String, Group> e : sorted) {
            Group g = e.getValue();
            if (percent(g.lines) < 0.5) {
                rest.members += g.members;
                rest.lines += g.lines;
                rest.commentLines += g.commentLines;
            } else {
                row(out, "`" + e.getKey() + "`", g);
            }
        }
        if (rest.lines > 0) row(out, "everything else", rest);
    }

    private void row(PrintStream out, String name, Group g) {
        out.printf("| %s | %,d | %,d | %.1f %% | %,d |%n", name, g.members, g.lines, percent(g.lines), g.commentLines);
    }

    private double percent(int part) {
        return lines == 0 ? 0 : 100.0 * part / lines;
    }

    /** Sorts the lines of a Java source into blank, comment only, and code (code with or without a comment). */
    static final class LineKinds {
        static final char BLANK = ' ';
        static final char COMMENT = '/';
        static final char CODE = 'c';

        private LineKinds() {}

        static char[] of(String text) {
            List<Character> kinds = new ArrayList<>();
            boolean inBlock = false;
            boolean code = false;
            boolean comment = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    kinds.add(code ? CODE : comment ? COMMENT : BLANK);
                    code = false;
                    comment = inBlock;
                } else if (inBlock) {
                    comment = true;
                    if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                        inBlock = false;
                        i++;
                    }
                } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                    comment = true;
                    while (i + 1 < text.length() && text.charAt(i + 1) != '\n') i++;
                } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    comment = true;
                    inBlock = true;
                    i++;
                } else if (c == '"' || c == '\'') {
                    code = true;
                    i = endOfLiteral(text, i, c);
                } else if (!Character.isWhitespace(c)) {
                    code = true;
                }
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') kinds.add(code ? CODE : comment ? COMMENT : BLANK);
            char[] result = new char[kinds.size()];
            for (int k = 0; k < result.length; k++) result[k] = kinds.get(k);
            return result;
        }

        /** The index of the quote that closes the string or char literal opened at {@code start} (text blocks aside). */
        private static int endOfLiteral(String text, int start, char quote) {
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') i++;
                else if (c == quote || c == '\n') return c == '\n' ? i - 1 : i;
            }
            return text.length() - 1;
        }
    }
}
