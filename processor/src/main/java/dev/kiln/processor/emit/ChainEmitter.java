package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.Binding.Source;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.Conversion.Kind;
import dev.kiln.processor.model.Conversion.Wrapper;
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
 * <p>The router calls a route's method for its first link, from the branch of the tree that matched it
 * (see {@link RouterEmitter}); {@code Context.next()} calls {@code step(route, index, ctx)} for every link
 * after that. The link's position lives in the pooled context, so a chain allocates nothing and every call
 * site is monomorphic.
 */
final class ChainEmitter {
    /** Routes per {@code step} method, so that its switch stays small enough to JIT-compile. */
    static final int ROUTES_PER_STEP = 256;

    private final List<RouteModel> routes;
    private final Map<ClassName, String> fields;
    private final Map<TypeName, String> adapters;

    /**
     * @param fields   the field holding each controller and middleware instance
     * @param adapters the field holding the JSON adapter of each type read or written as JSON
     */
    ChainEmitter(List<RouteModel> routes, Map<ClassName, String> fields, Map<TypeName, String> adapters) {
        this.routes = routes;
        this.fields = fields;
        this.adapters = adapters;
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
            m.addCode(handlerLink(id, route));
            return m.build();
        }
        m.beginControlFlow("switch (index)");
        for (int k = 0; k < chain.size(); k++) {
            m.addCode("case $L:\n", k)
                    .addStatement("$>this.$L.handle(ctx)", fields.get(chain.get(k).type()))
                    .addStatement("return$<");
        }
        boolean block = route.canReject(); // its locals need a scope
        m.addCode(block ? "case $L: {\n$>" : "case $L:\n$>", chain.size())
                .addCode(handlerLink(id, route))
                .addStatement("return")
                .addCode(block ? "$<}\n" : "$<");
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

    /**
     * The handler link: bind every parameter (values that can be missing or malformed into locals first), set
     * the {@code @Status}, call the handler, write its result.
     */
    private CodeBlock handlerLink(int id, RouteModel route) {
        CodeBlock.Builder code = CodeBlock.builder();
        List<Binding> bindings = route.bindings();
        // Values that can be missing or malformed are bound first, into locals: a failed one throws a
        // RequestRejected before the handler is called, which Context.next() answers (400/415), or
        // PooledContext.serve() when the router ran this link.
        for (Binding b : bindings) {
            if (b.canReject()) code.addStatement("$T $L = $L", b.conversion().javaType(), local(b), value(route, b));
        }
        CodeBlock.Builder args = CodeBlock.builder();
        for (int k = 0; k < bindings.size(); k++) {
            Binding b = bindings.get(k);
            if (k > 0) args.add(", ");
            args.add(b.canReject() ? CodeBlock.of("$L", local(b)) : value(route, b));
        }
        if (route.status() != 0) code.addStatement("ctx.status($L)", route.status());
        CodeBlock call = CodeBlock.of("this.$L.$L($L)", fields.get(route.controller().type()), route.methodName(), args.build());
        code.addStatement(switch (route.returns()) {
            case VOID -> call;
            case TEXT -> CodeBlock.of("ctx.text($L)", call);
            case BYTES -> CodeBlock.of("ctx.bytes($L)", call);
            case RESPONSE -> CodeBlock.of("ctx.respond($L)", call);
            case JSON -> CodeBlock.of("ctx.json(this.$L, $L)", adapters.get(route.returnType()), call);
            case ASYNC -> CodeBlock.of("ctx.defer($L, this.$L)", call, resultWriterName(id));
        });
        return code.build();
    }

    /** The field holding the {@code Context.ResultWriter} of async route {@code id}. */
    static String resultWriterName(int id) {
        return "route" + id + "Result";
    }

    /** A local for a bound value: the parameter's own name, unless the chain method already uses it. */
    private static String local(Binding b) {
        String n = b.javaName();
        return n.equals("ctx") || n.equals("index") || n.equals("e") ? n + "Value" : n;
    }

    /** The expression that binds one parameter. */
    private CodeBlock value(RouteModel route, Binding b) {
        Conversion c = b.conversion();
        String in = b.source().label();
        CodeBlock raw = switch (b.source()) {
            case CONTEXT -> CodeBlock.of("ctx");
            case PATH -> CodeBlock.of("ctx.param($L)", route.template().paramNames().indexOf(b.name()));
            case QUERY -> CodeBlock.of(c.wrapper() == Wrapper.LIST ? "ctx.queries($S)" : "ctx.query($S)", b.name());
            case HEADER -> CodeBlock.of(c.wrapper() == Wrapper.LIST ? "ctx.headers($S)" : "ctx.header($S)", b.name());
            case COOKIE -> CodeBlock.of("ctx.cookie($S)", b.name());
            case BODY -> switch (c.kind()) {
                case BODY_BYTES -> CodeBlock.of("ctx.body()");
                case BODY_TEXT -> CodeBlock.of("ctx.bodyText()");
                default -> CodeBlock.of("$T.json(ctx, this.$L, $S, $S)", Names.PARAMS, adapters.get(c.javaType().box()),
                        b.javaName(), c.expected());
            };
        };
        if (b.source() == Source.CONTEXT || b.source() == Source.BODY) return raw;
        if (c.kind() == Kind.STRING && b.source() == Source.PATH && c.wrapper() == Wrapper.NONE) return raw;
        if (b.defaultValue() != null) raw = CodeBlock.of("$T.or($L, $S)", Names.PARAMS, raw, b.defaultValue());
        String name = b.name();
        Wrapper wrapper = c.wrapper() == Wrapper.NULLABLE && b.defaultValue() != null ? Wrapper.NONE : c.wrapper();
        return switch (wrapper) {
            case NONE -> switch (c.kind()) {
                case STRING -> CodeBlock.of("$T.string($L, $S, $S)", Names.PARAMS, raw, name, in);
                case PRIMITIVE -> CodeBlock.of("$T.$L($L, $S, $S)", Names.PARAMS, c.primitiveMethod(), raw, name, in);
                case ENUM -> CodeBlock.of("$T.toEnum($L, $T.class, $S, $S)", Names.PARAMS, raw, c.element(), name, in);
                default -> CodeBlock.of("$T.convert($L, $L, $S, $S, $S)", Names.PARAMS, raw, c.factory(), name, in, c.expected());
            };
            case NULLABLE -> CodeBlock.of("$T.nullable($L, $L, $S, $S)", Names.PARAMS, raw, converter(c), name, in);
            case OPTIONAL -> switch (c.kind()) {
                case ENUM -> CodeBlock.of("$T.optionalEnum($L, $T.class, $S, $S)", Names.PARAMS, raw, c.element(), name, in);
                case FACTORY -> CodeBlock.of("$T.optionalOf($L, $L, $S, $S, $S)", Names.PARAMS, raw, c.factory(), name, in,
                        c.expected());
                default -> CodeBlock.of("$T.optional($L, $L, $S, $S)", Names.PARAMS, raw, converter(c), name, in);
            };
            case LIST -> switch (c.kind()) {
                case ENUM -> CodeBlock.of("$T.listEnum($L, $T.class, $S, $S)", Names.PARAMS, raw, c.element(), name, in);
                case FACTORY -> CodeBlock.of("$T.listOf($L, $L, $S, $S, $S)", Names.PARAMS, raw, c.factory(), name, in,
                        c.expected());
                default -> CodeBlock.of("$T.list($L, $L, $S, $S)", Names.PARAMS, raw, converter(c), name, in);
            };
        };
    }

    /** A {@code Params.Converter} method reference for strings and primitives. */
    private static CodeBlock converter(Conversion c) {
        return c.kind() == Kind.STRING ? CodeBlock.of("$T::string", Names.PARAMS)
                : CodeBlock.of("$T::$L", Names.PARAMS, c.primitiveMethod());
    }
}
