package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.tree.HttpMethod;
import dev.kiln.processor.tree.RouteTree;
import dev.kiln.processor.tree.RouteTree.Node;
import dev.kiln.processor.tree.RouteTree.Route;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes the radix tree as code: one small static method per node, so every method stays far below
 * HotSpot's 8,000-byte limit for JIT compilation however many routes there are.
 *
 * <p>A node method {@code n<k>(p, i, end, m, r)} is called once its caller has checked the first character of
 * the node's static run, with {@code i} just after it (a parameter node has no run and gets {@code i} at the
 * end of its segment). It checks the rest of the run, then tries, in priority order, the routes ending
 * here, its static children (chosen by their first character), its {@code :param} child (one non-empty
 * segment) and its {@code *catchall} child (the rest). It returns the index of the first route that
 * matches both path and method, or -1 so the caller tries its next alternative. A parameter's offsets are
 * written before its subtree is tried (a later alternative overwrites them), so that they are in place when
 * a route is found: when the {@code PathMatch} {@code runs} what it matches, the branch that found the route
 * calls its first link directly, {@code route<k>(0, r.start(k))}.
 */
final class RouterEmitter {
    private final List<RouteModel> routes;
    private final Map<Node, String> names = new IdentityHashMap<>();
    private final Map<Node, String> paths = new IdentityHashMap<>();
    private final List<MethodSpec> methods = new ArrayList<>();

    RouterEmitter(List<RouteModel> routes) {
        this.routes = routes;
    }

    /** The node methods of the tree, in depth-first order. */
    List<MethodSpec> nodeMethods(RouteTree tree) {
        name(start(tree.root()), "");
        emit(start(tree.root()));
        return methods;
    }

    /** The body of {@code match(method, path, end, match)}: check the first character, enter the tree. */
    CodeBlock matchBody(RouteTree tree) {
        Node start = start(tree.root());
        if (start.prefix().isEmpty()) {
            return CodeBlock.of("return $L(path, 0, end, method, match);\n", names.get(start));
        }
        return CodeBlock.of("return end > 0 && path.charAt(0) == $L ? $L(path, 1, end, method, match) : -1;\n",
                charLiteral(start.prefix().charAt(0)), names.get(start));
    }

    /** Skips the root when all it holds is one static child, as when every path starts with '/'. */
    private static Node start(Node root) {
        boolean trivial = root.prefix().isEmpty() && root.routes().isEmpty() && root.param() == null
                && root.catchAll() == null && root.statics().size() == 1;
        return trivial ? root.statics().get(0) : root;
    }

    /**
     * A parameter node that only leads on to one static child (the usual case: {@code :owner} then
     * {@code /...}) gets no method of its own; its parent calls the child directly.
     */
    private static boolean isForwarder(Node node) {
        return node.prefix().isEmpty() && node.routes().isEmpty() && node.param() == null && node.catchAll() == null
                && node.statics().size() == 1;
    }

    private void name(Node node, String path) {
        if (isForwarder(node)) {
            name(node.statics().get(0), path);
            return;
        }
        String here = path + node.prefix();
        names.put(node, "n" + names.size());
        paths.put(node, here);
        for (Node child : node.statics()) name(child, here);
        if (node.param() != null) name(node.param(), here + ":" + node.paramName());
        // A catch-all child is a leaf its parent matches inline: it gets no method of its own.
    }

    private void emit(Node node) {
        if (isForwarder(node)) {
            emit(node.statics().get(0));
            return;
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(names.get(node))
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.INT)
                .addParameter(String.class, "p")
                .addParameter(TypeName.INT, "i")
                .addParameter(TypeName.INT, "end")
                .addParameter(TypeName.INT, "m")
                .addParameter(RuntimeContract.PATH_MATCH, "r")
                .addException(Exception.class)
                .addJavadoc("Matched so far: {@code $L}\n", javadocSafe(paths.get(node)));
        // The caller has checked the first character; check the rest of the run.
        String rest = node.prefix().isEmpty() ? "" : node.prefix().substring(1);
        if (rest.length() == 1) {
            m.addStatement("if (i >= end || p.charAt(i) != $L) return -1", charLiteral(rest.charAt(0)));
            m.addStatement("i++");
        } else if (!rest.isEmpty()) {
            m.addStatement("if (end - i < $L || !p.startsWith($S, i)) return -1", rest.length(), rest);
            m.addStatement("i += $L", rest.length());
        }
        boolean hasChildren = !node.statics().isEmpty() || node.param() != null;
        // A child tried last returns its answer as it is; one with alternatives after it is tested first.
        boolean staticsLast = node.param() == null && node.catchAll() == null;
        boolean paramLast = node.catchAll() == null;
        if (!node.statics().isEmpty() && !staticsLast || node.param() != null && !paramLast) m.addStatement("int found");
        // Static children read the next character, so they need i < end; a parameter alone does not: an empty
        // segment (j == i) fails its own check.
        boolean guarded = !node.routes().isEmpty() || !node.statics().isEmpty();
        if (!node.routes().isEmpty()) {
            m.beginControlFlow("if (i == end)");
            leaf(m, node, null);
            if (hasChildren) m.nextControlFlow("else");
        } else if (guarded) {
            m.beginControlFlow("if (i < end)");
        }
        statics(m, node, staticsLast);
        param(m, node, paramLast);
        if (guarded) m.endControlFlow();
        if (node.catchAll() != null) {
            leaf(m, node.catchAll(), node);
        }
        m.addStatement("return -1");
        methods.add(m.build());
        for (Node child : node.statics()) emit(child);
        if (node.param() != null) emit(node.param());
    }

    /**
     * The routes ending at {@code node}, by method; for a catch-all ({@code parent} set) the offsets of its
     * value, which starts at the slash before it, as in Gin.
     */
    private void leaf(MethodSpec.Builder m, Node node, Node parent) {
        Map<String, Route> byMethod = node.routes();
        if (byMethod.isEmpty()) return;
        m.beginControlFlow("switch (m)");
        CodeBlock offsets = Code.field("r", RuntimeContract.PATH_MATCH_OFFSETS);
        for (Map.Entry<String, Route> e : byMethod.entrySet()) {
            String method = e.getKey();
            // A route answers its own method, and those that fall back to it and have no route here (HEAD to GET):
            // one label, case Methods.GET, Methods.HEAD.
            m.addCode("case $L:\n", HttpMethod.of(method).answers(byMethod.keySet()).stream()
                    .map(answered -> Code.field(bit(answered))).collect(CodeBlock.joining(", ")));
            int id = e.getValue().id();
            m.addCode("$>// $L $L -> $L\n", method, routes.get(id).path(), routes.get(id).signature());
            if (parent != null) {
                int k = 2 * parent.depth();
                m.addStatement("$L[$L] = i - 1", offsets, k);
                m.addStatement("$L[$L] = end", offsets, k + 1);
            }
            // A @Blocking route must not run here, on the event loop: the server hands it to a worker.
            if (!routes.get(id).blocking()) {
                m.addStatement("if ($L) route$L(0, $L)", Code.field("r", RuntimeContract.PATH_MATCH_RUNS), id,
                        Code.call("r", RuntimeContract.PATH_MATCH_START, "$L", id));
            }
            m.addStatement("return $L$<", id);
        }
        m.endControlFlow();
        CodeBlock mask = byMethod.keySet().stream().map(x -> Code.field(bit(HttpMethod.of(x)))).collect(CodeBlock.joining(" | "));
        m.addStatement("$L |= $L", Code.field("r", RuntimeContract.PATH_MATCH_ALLOWED), mask);
    }

    /** The {@code Methods} constant of {@code method}. */
    private static Member bit(HttpMethod method) {
        return RuntimeContract.METHOD_BITS.get(method.ordinal());
    }

    /**
     * Static children, chosen by first character; {@code i < end} holds here. When nothing is tried after them
     * ({@code last}), the child's answer is returned as it is.
     */
    private void statics(MethodSpec.Builder m, Node node, boolean last) {
        List<Node> statics = node.statics();
        if (statics.isEmpty()) return;
        if (statics.size() == 1) {
            Node child = statics.get(0);
            if (node.prefix().isEmpty() && child.prefix().charAt(0) == '/') {
                // After a parameter's segment the next character can only be '/': no need to look.
                m.addStatement(last ? "return $L(p, i + 1, end, m, r)" : "if ((found = $L(p, i + 1, end, m, r)) >= 0) return found",
                        names.get(child));
            } else if (last) {
                m.addStatement("if (p.charAt(i) == $L) return $L(p, i + 1, end, m, r)",
                        charLiteral(child.prefix().charAt(0)), names.get(child));
            } else {
                m.addStatement("if (p.charAt(i) == $L && (found = $L(p, i + 1, end, m, r)) >= 0) return found",
                        charLiteral(child.prefix().charAt(0)), names.get(child));
            }
            return;
        }
        m.beginControlFlow("switch (p.charAt(i))");
        for (Node child : statics) {
            m.addCode("case $L:\n", charLiteral(child.prefix().charAt(0)));
            if (last) {
                m.addStatement("$>return $L(p, i + 1, end, m, r)$<", names.get(child));
            } else {
                m.addStatement("$>if ((found = $L(p, i + 1, end, m, r)) >= 0) return found", names.get(child));
                m.addStatement("break$<");
            }
        }
        m.endControlFlow();
    }

    /** The {@code :param} child: one non-empty segment; its answer returned as it is when it is tried {@code last}. */
    private void param(MethodSpec.Builder m, Node node, boolean last) {
        Node param = node.param();
        if (param == null) return;
        int k = 2 * node.depth();
        m.addStatement("int j = $L", Code.call(RuntimeContract.RAW_PATH_SEGMENT_END, "p, i, end"));
        // A forwarder's segment must end at a '/', which is the first character of the only way on.
        m.beginControlFlow(isForwarder(param) ? "if (j > i && j < end)" : "if (j > i)");
        CodeBlock offsets = Code.field("r", RuntimeContract.PATH_MATCH_OFFSETS);
        m.addStatement("$L[$L] = i", offsets, k);
        m.addStatement("$L[$L] = j", offsets, k + 1);
        String call = isForwarder(param) ? names.get(param.statics().get(0)) + "(p, j + 1, end, m, r)"
                : names.get(param) + "(p, j, end, m, r)";
        m.addStatement(last ? "return $L" : "if ((found = $L) >= 0) return found", call);
        m.endControlFlow();
    }

    private static String charLiteral(char c) {
        return c == '\'' ? "'\\''" : "'" + c + "'";
    }

    static String javadocSafe(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("*/", "*&#47;");
    }
}
