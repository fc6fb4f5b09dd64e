package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.Primitive;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.Binding.Source;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.Conversion.Kind;
import dev.kiln.processor.model.Conversion.Wrapper;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.MiddlewareModel;
import dev.kiln.processor.model.RouteModel;
import java.util.ArrayList;
import java.util.List;
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
    private final FieldNames names;
    private final ValidationEmitter validation;

    /**
     * @param names      the fields of the instances, JSON adapters and result writers, and the names of locals
     * @param validation writes the constraint checks of a route's parameters
     */
    ChainEmitter(List<RouteModel> routes, FieldNames names, ValidationEmitter validation) {
        this.routes = routes;
        this.names = names;
        this.validation = validation;
    }

    List<MethodSpec> methods() {
        List<MethodSpec> methods = new ArrayList<>();
        if (routes.size() <= ROUTES_PER_STEP) {
            methods.add(stepMethod(Code.overriding(RuntimeContract.ROUTES_STEP, "route", "index", "ctx"), 0, routes.size())
                    .build());
        } else {
            MethodSpec.Builder step = Code.overriding(RuntimeContract.ROUTES_STEP, "route", "index", "ctx");
            step.beginControlFlow("switch (route / $L)", ROUTES_PER_STEP);
            for (int from = 0, k = 0; from < routes.size(); from += ROUTES_PER_STEP, k++) {
                step.addCode("case $L:\n", k).addStatement("$>step$L(route, index, ctx)", k).addStatement("return$<");
                MethodSpec.Builder part = Code.shapedLike(RuntimeContract.ROUTES_STEP, "step" + k, "route", "index", "ctx")
                        .addModifiers(Modifier.PRIVATE);
                methods.add(stepMethod(part, from, Math.min(routes.size(), from + ROUTES_PER_STEP)).build());
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

    /**
     * The chain of a request no route matched, when the application has global middleware: how many there are,
     * and {@code stepGlobal}, which calls one by index. The server answers (404, 405, ...) after the last.
     */
    List<MethodSpec> globalMethods(List<MiddlewareModel> global) {
        if (global.isEmpty()) return List.of(); // the runtime's defaults: no global middleware
        MethodSpec count = Code.overriding(RuntimeContract.ROUTES_GLOBAL_MIDDLEWARE_COUNT)
                .addJavadoc("The application's own middleware, which run for requests no route matched too.\n")
                .addStatement("return $L", global.size()).build();
        MethodSpec.Builder step = Code.overriding(RuntimeContract.ROUTES_STEP_GLOBAL, "index", "ctx")
                .addJavadoc("Global middleware {@code index} for a request no route matched; then the server answers.\n");
        step.beginControlFlow("switch (index)");
        for (int k = 0; k < global.size(); k++) {
            step.addCode("case $L:\n", k)
                    .addStatement("$>$L", Code.call(CodeBlock.of("this.$N", names.instance(global.get(k).type())),
                            RuntimeContract.MIDDLEWARE_HANDLE, "ctx"))
                    .addStatement("return$<");
        }
        step.addCode("default:\n").addStatement("$>throw new $T(\"no global middleware \" + index)$<",
                IndexOutOfBoundsException.class);
        step.endControlFlow();
        return List.of(count, step.build());
    }

    /** {@code m}, a method shaped like {@code Routes.step}, with the switch that runs routes {@code from} to {@code to}. */
    private MethodSpec.Builder stepMethod(MethodSpec.Builder m, int from, int to) {
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
                .addParameter(RuntimeContract.CONTEXT, "ctx")
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
                    .addStatement("$>$L", Code.call(CodeBlock.of("this.$N", names.instance(chain.get(k).type())),
                            RuntimeContract.MIDDLEWARE_HANDLE, "ctx"))
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
        if (route.mount() != null) {
            return CodeBlock.of("{@link $T#serve} of {@code $L}", RuntimeContract.STATIC_MOUNT,
                    RouterEmitter.javadocSafe(route.mount().directory()));
        }
        CodeBlock.Builder link = CodeBlock.builder().add("{@link $T#$L(", TypeNames.raw(route.controller().type()), route.methodName());
        for (int k = 0; k < route.parameterTypes().size(); k++) {
            link.add(k > 0 ? ", $T" : "$T", TypeNames.of(route.parameterTypes().get(k)));
        }
        return link.add(")}").build();
    }

    /**
     * The handler link: bind every parameter (values that can be missing or malformed into locals first), set
     * the {@code @Status}, call the handler, write its result.
     */
    private CodeBlock handlerLink(int id, RouteModel route) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (route.mount() != null) { // a @StaticFiles mount: its StaticMount answers
            return code.addStatement(Code.call(CodeBlock.of("this.$N", names.mount(id, route.mount().prefix())),
                    RuntimeContract.STATIC_MOUNT_SERVE, "ctx")).build();
        }
        List<Binding> bindings = route.bindings();
        // Values that can be missing or malformed are bound first, into locals: a failed one throws a
        // RequestRejected before the handler is called, which Context.next() answers (400/415), or
        // PooledContext.serve() when the router ran this link.
        // A local takes the parameter's own name, unless the method or a field already uses it.
        NameAllocator locals = names.forMethod("index", "ctx");
        for (int k = 0; k < bindings.size(); k++) {
            Binding b = bindings.get(k);
            if (b.canReject()) {
                code.addStatement("$T $N = $L", TypeNames.of(b.conversion().javaType()), locals.newName(b.javaName(), k),
                        value(route, b));
            }
        }
        // Then their constraints: every violation is collected, and thrown as one InvalidRequest.
        if (validation.validates(route)) code.add(validation.routeChecks(route, locals));
        CodeBlock.Builder args = CodeBlock.builder();
        for (int k = 0; k < bindings.size(); k++) {
            Binding b = bindings.get(k);
            if (k > 0) args.add(", ");
            args.add(b.canReject() ? CodeBlock.of("$N", locals.get(k)) : value(route, b));
        }
        if (route.status() != 0) code.addStatement(Code.call("ctx", RuntimeContract.CONTEXT_STATUS, "$L", route.status()));
        CodeBlock call = CodeBlock.of("this.$N.$N($L)", names.instance(route.controller().type()), route.methodName(), args.build());
        code.addStatement(switch (route.returns()) {
            case VOID -> call;
            case JSON -> Code.call("ctx", RuntimeContract.CONTEXT_JSON, "this.$N, $L", names.adapter(route.returnType()), call);
            case HTML -> Code.call("ctx", RuntimeContract.CONTEXT_HTML, "$L", render(route, call));
            case ASYNC -> Code.call("ctx", RuntimeContract.CONTEXT_DEFER, "$L, this.$N", call, names.resultWriter(id));
            default -> Code.call("ctx", writer(route.returns(), route.returnType()), "$L", call);
        });
        return code.build();
    }

    /**
     * The chars a page is rendered into at first: most pages fit without the builder growing, and the builder is
     * the response's text, so it is the one object rendering makes beyond what the template itself does.
     */
    static final int PAGE_CAPACITY = 2048;

    /**
     * {@code PageRenderer.of().execute(model, new StringBuilder(2048))}: the template model {@code model} rendered
     * by the renderer JStachio generated for it, a singleton, called directly.
     */
    static CodeBlock render(RouteModel route, CodeBlock model) {
        return CodeBlock.of("$T.of().execute($L, new $T($L))", TypeNames.raw(route.renderer()), model, StringBuilder.class,
                PAGE_CAPACITY);
    }

    /**
     * The {@code Context} method that writes a result of this kind and type as the response: {@code text},
     * {@code bytes} or {@code respond}; null for the kinds another way writes (void, JSON, HTML, async).
     */
    static Member writer(RouteModel.ReturnKind kind, JavaType type) {
        return switch (kind) {
            case TEXT -> RuntimeContract.CONTEXT_TEXT;
            case BYTES -> type instanceof JavaType.Array ? RuntimeContract.CONTEXT_BYTES : RuntimeContract.CONTEXT_BYTES_BUFFER;
            case RESPONSE -> RuntimeContract.CONTEXT_RESPOND;
            default -> null;
        };
    }

    /** The expression that binds one parameter. */
    private CodeBlock value(RouteModel route, Binding b) {
        Conversion c = b.conversion();
        String in = b.source().label();
        boolean list = c.wrapper() == Wrapper.LIST;
        CodeBlock raw = switch (b.source()) {
            case CONTEXT -> switch (c.kind()) {
                case STREAM -> Code.call("ctx", RuntimeContract.CONTEXT_STREAM, "$S", route.produces());
                case EVENT_STREAM -> Code.call(RuntimeContract.EVENT_STREAM_OPEN, "ctx");
                default -> CodeBlock.of("ctx");
            };
            case PATH -> Code.call("ctx", RuntimeContract.CONTEXT_PARAM, "$L", route.template().paramNames().indexOf(b.name()));
            case QUERY -> Code.call("ctx", list ? RuntimeContract.CONTEXT_QUERIES : RuntimeContract.CONTEXT_QUERY, "$S", b.name());
            case HEADER -> Code.call("ctx", list ? RuntimeContract.CONTEXT_HEADERS : RuntimeContract.CONTEXT_HEADER, "$S", b.name());
            case COOKIE -> Code.call("ctx", RuntimeContract.CONTEXT_COOKIE, "$S", b.name());
            case FORM -> c.kind() == Kind.UPLOAD
                    ? Code.call(switch (c.wrapper()) {
                        case OPTIONAL -> RuntimeContract.FORMS_OPTIONAL_UPLOAD;
                        case LIST -> RuntimeContract.FORMS_UPLOADS;
                        default -> RuntimeContract.FORMS_UPLOAD;
                    }, "ctx, $S", b.name())
                    : Code.call(list ? RuntimeContract.FORMS_FIELDS : RuntimeContract.FORMS_FIELD, "ctx, $S", b.name());
            case BODY -> switch (c.kind()) {
                case BODY_BYTES -> Code.call("ctx", RuntimeContract.CONTEXT_BODY, "");
                case BODY_STREAM -> Code.call("ctx", RuntimeContract.CONTEXT_BODY_STREAM, "");
                case BODY_TEXT -> Code.call("ctx", RuntimeContract.CONTEXT_BODY_TEXT, "");
                default -> Code.call(RuntimeContract.PARAMS_JSON, "ctx, this.$N, $S, $S", names.adapter(c.javaType().boxed()),
                        b.javaName(), c.expected());
            };
        };
        if (b.source() == Source.CONTEXT || b.source() == Source.BODY || c.kind() == Kind.UPLOAD) return raw;
        if (c.kind() == Kind.STRING && b.source() == Source.PATH && c.wrapper() == Wrapper.NONE) return raw;
        if (b.defaultValue() != null) raw = Code.call(RuntimeContract.PARAMS_OR, "$L, $S", raw, b.defaultValue());
        String name = b.name();
        Wrapper wrapper = c.wrapper() == Wrapper.NULLABLE && b.defaultValue() != null ? Wrapper.NONE : c.wrapper();
        return switch (wrapper) {
            case NONE -> switch (c.kind()) {
                case STRING -> Code.call(RuntimeContract.PARAMS_STRING, "$L, $S, $S", raw, name, in);
                case PRIMITIVE -> Code.call(primitive(c).converter(), "$L, $S, $S", raw, name, in);
                case ENUM -> Code.call(RuntimeContract.PARAMS_TO_ENUM, "$L, $T.class, $S, $S", raw, TypeNames.of(c.element()), name, in);
                default -> Code.call(RuntimeContract.PARAMS_CONVERT, "$L, $L, $S, $S, $S", raw, factory(c), name, in,
                        c.expected());
            };
            case NULLABLE -> Code.call(RuntimeContract.PARAMS_NULLABLE, "$L, $L, $S, $S", raw, converter(c), name, in);
            case OPTIONAL -> switch (c.kind()) {
                case ENUM -> Code.call(RuntimeContract.PARAMS_OPTIONAL_ENUM, "$L, $T.class, $S, $S", raw, TypeNames.of(c.element()),
                        name, in);
                case FACTORY -> Code.call(RuntimeContract.PARAMS_OPTIONAL_OF, "$L, $L, $S, $S, $S", raw, factory(c), name, in,
                        c.expected());
                default -> Code.call(RuntimeContract.PARAMS_OPTIONAL, "$L, $L, $S, $S", raw, converter(c), name, in);
            };
            case LIST -> switch (c.kind()) {
                case ENUM -> Code.call(RuntimeContract.PARAMS_LIST_ENUM, "$L, $T.class, $S, $S", raw, TypeNames.of(c.element()),
                        name, in);
                case FACTORY -> Code.call(RuntimeContract.PARAMS_LIST_OF, "$L, $L, $S, $S, $S", raw, factory(c), name, in,
                        c.expected());
                default -> Code.call(RuntimeContract.PARAMS_LIST, "$L, $L, $S, $S", raw, converter(c), name, in);
            };
        };
    }

    /** A {@code Params.Converter} method reference for strings and primitives. */
    private static CodeBlock converter(Conversion c) {
        return Code.reference(c.kind() == Kind.STRING ? RuntimeContract.PARAMS_STRING : primitive(c).converter());
    }

    private static Primitive primitive(Conversion c) {
        return Primitive.of(c.element().primitiveKeyword());
    }

    /** The factory as a method reference: {@code UUID::fromString}, {@code BigDecimal::new}. */
    private static CodeBlock factory(Conversion c) {
        Conversion.Factory f = c.factory();
        return f.method() == null ? CodeBlock.of("$T::new", TypeNames.raw(f.type()))
                : CodeBlock.of("$T::$N", TypeNames.raw(f.type()), f.method());
    }
}
