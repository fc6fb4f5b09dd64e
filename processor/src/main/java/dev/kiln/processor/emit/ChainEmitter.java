package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.MiddlewareModel;
import dev.kiln.processor.model.Names;
import dev.kiln.processor.model.RouteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes each route's chain as a method with one direct call per link, and {@code step}, which picks the
 * route's method by index.
 *
 * <p>{@code Context.next()} calls {@code step(route, index, ctx)} for every link in turn; the link's
 * position lives in the pooled context, so a chain allocates nothing and every call site is monomorphic.
 */
final class ChainEmitter {
    /** Routes per {@code step} method, so that its switch stays small enough to JIT-compile. */
    static final int ROUTES_PER_STEP = 256;

    private final List<RouteModel> routes;
    private final Map<ClassName, String> fields;

    ChainEmitter(List<RouteModel> routes, Map<ClassName, String> fields) {
        this.routes = routes;
        this.fields = fields;
    }

    List<MethodSpec> methods() {
        List<MethodSpec> methods = new ArrayList<>();
        if (routes.size() <= ROUTES_PER_STEP) {
            methods.add(stepMethod("step", 0, routes.size()).addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC).build());
        } else {
            MethodSpec.Builder step = signature(MethodSpec.methodBuilder("step")).addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC);
            step.beginControlFlow("switch (route / $L)", ROUTES_PER_STEP);
            for (int from = 0, k = 0; from < routes.size(); from += ROUTES_PER_STEP, k++) {
                step.addCode("case $L:\n", k).addStatement("$>step$L(route, index, ctx)", k).addStatement("return$<");
                methods.add(stepMethod("step" + k, from, Math.min(routes.size(), from + ROUTES_PER_STEP))
                        .addModifiers(Modifier.PRIVATE).build());
            }
            step.addCode("default:\n").addStatement("$>throw new $T(\"no route \" + route)$<", IndexOutOfBoundsException.class);
            step.endControlFlow();
            methods.add(0, step.build());
        }
        for (int id = 0; id < routes.size(); id++) {
            methods.add(routeMethod(id, routes.get(id)));
        }
        return methods;
    }

    private static MethodSpec.Builder signature(MethodSpec.Builder m) {
        return m.addParameter(TypeName.INT, "route")
                .addParameter(TypeName.INT, "index")
                .addParameter(Names.CONTEXT, "ctx")
                .addException(Exception.class);
    }

    private MethodSpec.Builder stepMethod(String name, int from, int to) {
        MethodSpec.Builder m = signature(MethodSpec.methodBuilder(name));
        m.beginControlFlow("switch (route)");
        for (int id = from; id < to; id++) {
            m.addCode("case $L:\n", id).addStatement("$>route$L(index, ctx)", id).addStatement("return$<");
        }
        m.addCode("default:\n").addStatement("$>throw new $T(\"no route \" + route)$<", IndexOutOfBoundsException.class);
        m.endControlFlow();
        return m;
    }

    private MethodSpec routeMethod(int id, RouteModel route) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("route" + id)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "index")
                .addParameter(Names.CONTEXT, "ctx")
                .addException(Exception.class)
                .addJavadoc("$L {@code $L}: ", route.method(), RouterEmitter.javadocSafe(route.path()))
                .addJavadoc(link(route))
                .addJavadoc(".\n");
        List<MiddlewareModel> chain = route.chain();
        if (chain.isEmpty()) {
            m.addStatement(handlerCall(route));
            return m.build();
        }
        m.beginControlFlow("switch (index)");
        for (int k = 0; k < chain.size(); k++) {
            m.addCode("case $L:\n", k)
                    .addStatement("$>this.$L.handle(ctx)", fields.get(chain.get(k).type()))
                    .addStatement("return$<");
        }
        m.addCode("case $L:\n", chain.size())
                .addStatement("$>$L", handlerCall(route))
                .addStatement("return$<");
        m.addCode("default:\n").addStatement("$>throw new $T(\"no link \" + index + \" in $L\")$<",
                IndexOutOfBoundsException.class, route.signature());
        m.endControlFlow();
        return m.build();
    }

    /** {@code {@link OrderController#get(long)}}, with the parameter types imported like any other. */
    static CodeBlock link(RouteModel route) {
        CodeBlock.Builder link = CodeBlock.builder().add("{@link $T#$L(", route.controller().type(), route.methodName());
        for (int k = 0; k < route.parameterTypes().size(); k++) {
            link.add(k > 0 ? ", $T" : "$T", route.parameterTypes().get(k));
        }
        return link.add(")}").build();
    }

    private CodeBlock handlerCall(RouteModel route) {
        CodeBlock.Builder args = CodeBlock.builder();
        List<String> pathParams = route.template().paramNames();
        for (int k = 0; k < route.bindings().size(); k++) {
            if (k > 0) args.add(", ");
            Binding b = route.bindings().get(k);
            switch (b.source()) {
                case CONTEXT -> args.add("ctx");
                case PATH -> args.add("ctx.param($L)", pathParams.indexOf(b.name()));
                case QUERY -> args.add("ctx.query($S)", b.name());
                case HEADER -> args.add("ctx.header($S)", b.name());
                case BODY -> args.add(b.type() == Binding.ValueType.BYTES ? "ctx.body()" : "ctx.bodyText()");
            }
        }
        CodeBlock call = CodeBlock.of("this.$L.$L($L)", fields.get(route.controller().type()), route.methodName(), args.build());
        return switch (route.returns()) {
            case VOID -> call;
            case TEXT -> CodeBlock.of("ctx.text($L)", call);
            case BYTES -> CodeBlock.of("ctx.bytes($L)", call);
        };
    }
}
