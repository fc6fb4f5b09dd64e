package dev.kiln.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.ControllerModel;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.MiddlewareModel;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.model.StaticMountModel;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.tree.RouteTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <App>Routes}: the route table, the router ({@link RouterEmitter}), the chains
 * ({@link ChainEmitter}) and the builder that supplies controller and middleware instances.
 */
public final class RoutesEmitter {
    /** Route infos per initialiser method, so that no method nears the JVM's 64 KB code limit. */
    private static final int INFOS_PER_METHOD = 100;

    private final ClassName app;
    private final ClassName routesClass;
    private final List<RouteModel> routes;
    private final RouteTree tree;
    /** The application's own {@code @Use}: they run for requests no route matched too. */
    private final List<MiddlewareModel> global;
    private final TypeCatalog catalog;
    /** Whether Kiln can create each controller and middleware, in the order of their fields. */
    private final Map<JavaType.Declared, Boolean> constructible = new LinkedHashMap<>();
    /** The fields: one per controller and middleware instance, JSON adapter and async result writer. */
    private final FieldNames names = new FieldNames(RuntimeContract.ROUTES_FORMAT.name());

    /**
     * @param app         the {@code @KilnApplication} class
     * @param routes      every route, indexed as the tree's {@link RouteTree.Route#id()}s
     * @param tree        the checked tree of those routes
     * @param controllers every controller with at least one route
     * @param global      the application's global middleware, in order
     * @param catalog     what the reader learnt of the routes' types: the records a body's checks reach
     */
    public RoutesEmitter(JavaType.Declared app, List<RouteModel> routes, RouteTree tree, List<ControllerModel> controllers,
                         List<MiddlewareModel> global, TypeCatalog catalog) {
        this.catalog = catalog;
        this.app = TypeNames.raw(app);
        this.routesClass = ClassName.get(app.packageName(), String.join("_", app.simpleNames()) + "Routes");
        this.routes = routes;
        this.tree = tree;
        this.global = List.copyOf(global);
        for (ControllerModel c : controllers) {
            names.instance(c.type());
            constructible.putIfAbsent(c.type(), c.constructible());
        }
        for (RouteModel route : routes) {
            for (MiddlewareModel mw : route.chain()) {
                names.instance(mw.type());
                constructible.putIfAbsent(mw.type(), mw.constructible());
            }
        }
        for (MiddlewareModel mw : global) { // in every route's chain already, unless there is no route
            names.instance(mw.type());
            constructible.putIfAbsent(mw.type(), mw.constructible());
        }
        for (RouteModel route : routes) {
            for (Binding b : route.bindings()) {
                if (b.conversion().kind() == Conversion.Kind.BODY_JSON) {
                    names.adapter(b.conversion().javaType().boxed()); // an adapter's type argument cannot be primitive
                }
            }
            if (route.returns() == RouteModel.ReturnKind.JSON || route.eventual() == RouteModel.ReturnKind.JSON) {
                names.adapter(route.returnType());
            }
        }
        for (int id = 0; id < routes.size(); id++) {
            if (routes.get(id).returns() == RouteModel.ReturnKind.ASYNC) names.resultWriter(id);
            if (routes.get(id).mount() != null) names.mount(id, routes.get(id).mount().prefix());
        }
    }

    /** The name of the generated class. */
    public ClassName routesClass() {
        return routesClass;
    }

    /**
     * The generated file. It carries no {@code @Generated} annotation: with no processor to claim it, javac's
     * {@code -Xlint:processing} would warn on every build; the file comment says where it comes from.
     */
    public JavaFile emit() {
        RouterEmitter router = new RouterEmitter(routes);
        List<MethodSpec> nodes = router.nodeMethods(tree);
        TypeSpec.Builder type = TypeSpec.classBuilder(routesClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(RuntimeContract.ROUTES)
                .addJavadoc(header());
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeContract.ROUTE_INFO), FieldNames.ROUTES,
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("$T.of(routeInfos())", List.class).build());
        for (Map.Entry<JavaType.Declared, String> f : names.instances().entrySet()) {
            type.addField(TypeNames.raw(f.getKey()), f.getValue(), Modifier.PRIVATE, Modifier.FINAL);
        }
        for (String mount : names.mounts().values()) {
            type.addField(RuntimeContract.STATIC_MOUNT, mount, Modifier.PRIVATE, Modifier.FINAL);
        }
        for (Map.Entry<JavaType, String> a : names.adapters().entrySet()) {
            type.addField(ParameterizedTypeName.get(RuntimeContract.JSON_ADAPTER, TypeNames.of(a.getKey())), a.getValue(),
                    Modifier.PRIVATE, Modifier.FINAL);
        }
        for (int id = 0; id < routes.size(); id++) {
            if (routes.get(id).returns() != RouteModel.ReturnKind.ASYNC) continue;
            type.addField(ParameterizedTypeName.get(RuntimeContract.RESULT_WRITER, TypeNames.of(routes.get(id).returnType())),
                    names.resultWriter(id), Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addMethod(constructor());
        type.addMethod(MethodSpec.methodBuilder("builder")
                .addJavadoc("Starts building the routes; supply instances with the builder's {@code with} methods.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(routesClass.nestedClass("Builder"))
                .addStatement("return new Builder()").build());
        type.addMethod(Code.overriding(RuntimeContract.ROUTES_MAX_PARAMS)
                .addStatement("return $L", tree.maxParams()).build());
        type.addMethod(Code.overriding(RuntimeContract.ROUTES_MATCH, "method", "path", "end", "match")
                .addCode(router.matchBody(tree)).build());
        ValidationEmitter validation = new ValidationEmitter(catalog, names);
        ChainEmitter chains = new ChainEmitter(routes, names, validation);
        type.addMethods(chains.methods());
        type.addMethods(chains.globalMethods(global));
        type.addMethods(validation.methods());
        type.addFields(validation.fields());
        type.addMethods(nodes);
        type.addMethods(routeInfoMethods());
        type.addType(builderType());
        return JavaFile.builder(routesClass.packageName(), type.build())
                .addFileComment("Generated by Kiln from $L. Do not edit: change the controllers and rebuild.", app.canonicalName())
                .skipJavaLangImports(true)
                .build();
    }

    private CodeBlock header() {
        CodeBlock.Builder doc = CodeBlock.builder();
        doc.add("Routes of {@link $T}, generated at build time by Kiln.\n\n", app);
        doc.add("<pre>\n");
        int w1 = Math.max(6, routes.stream().mapToInt(r -> r.method().length()).max().orElse(0));
        int w2 = Math.max(4, routes.stream().mapToInt(r -> r.path().length()).max().orElse(0));
        int w3 = Math.max(7, routes.stream().mapToInt(r -> r.signature().length()).max().orElse(0));
        int w0 = String.valueOf(Math.max(0, routes.size() - 1)).length() + 1;
        doc.add("$L\n", RouterEmitter.javadocSafe(String.format("%-" + w0 + "s %-" + w1 + "s %-" + w2 + "s %-" + w3 + "s %s",
                "#", "method", "path", "handler", "chain").stripTrailing()));
        for (int id = 0; id < routes.size(); id++) {
            RouteModel r = routes.get(id);
            String chain = r.chain().stream().map(m -> m.type().simpleName()).collect(Collectors.joining(" -> "));
            chain = (chain.isEmpty() ? "handler" : chain + " -> handler") + (r.blocking() ? " (@Blocking)" : "");
            doc.add("$L\n", RouterEmitter.javadocSafe(String.format("%-" + w0 + "s %-" + w1 + "s %-" + w2 + "s %-" + w3 + "s %s",
                    id, r.method(), r.path(), r.signature(), chain)));
        }
        doc.add("</pre>\n\n");
        doc.add("<p>How to read it. {@link #match} walks the radix tree of these paths: one method per node,\n"
                + "{@code n0} the root, each commented with the path matched so far. A node checks its static text,\n"
                + "then tries the routes that end at it, its static children (by the next character), its\n"
                + "{@code :param} child (one segment) and its {@code *catchall} child (the rest), in that order, and\n"
                + "returns the first route index that matches path and method, or -1 to let its caller try the next\n"
                + "alternative. Parameters are offsets into the raw path, decoded only when read. Serving a request\n"
                + "({@code r.runs}), the branch that found the route also runs its first link: {@code routeN} has one\n"
                + "direct call per middleware, then the handler. {@link #step} runs the links after the first, as\n"
                + "{@code Context.next()} advances the index, and every link of a {@code @Blocking} route. A request\n"
                + "no route matched runs the application's global middleware ({@code stepGlobal}, when it has any)\n"
                + "before the server answers it with 404, 405 or a redirect.\n");
        return doc.build();
    }

    private MethodSpec constructor() {
        MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(routesClass.nestedClass("Builder"), "builder")
                .addStatement(Code.callSuper(RuntimeContract.ROUTES_CONSTRUCTOR, "$N, builder.$N != null ? builder.$N : $L, $L",
                        FieldNames.ROUTES, FieldNames.JSON, FieldNames.JSON, Code.call(RuntimeContract.JSON_CODEC_AVAJE, ""),
                        Code.inheritedField(RuntimeContract.ROUTES_FORMAT)));
        for (Map.Entry<JavaType.Declared, String> f : names.instances().entrySet()) {
            // build() has checked that the instances Kiln cannot create were supplied.
            if (constructible.get(f.getKey())) {
                c.addStatement("this.$N = builder.$N != null ? builder.$N : new $T()", f.getValue(), f.getValue(), f.getValue(),
                        TypeNames.raw(f.getKey()));
            } else {
                c.addStatement("this.$N = builder.$N", f.getValue(), f.getValue());
            }
        }
        for (Map.Entry<Integer, String> m : names.mounts().entrySet()) {
            // The directory is found now, so a missing one stops start-up with its name, not the first request.
            StaticMountModel mount = routes.get(m.getKey()).mount();
            c.addStatement("this.$N = $L", m.getValue(), Code.call(RuntimeContract.STATIC_MOUNT_MOUNT,
                    "$S, builder.$N.getOrDefault($S, $S), $S", mount.prefix(), FieldNames.DIRECTORIES, mount.path(),
                    mount.directory(), mount.cacheControl()));
        }
        for (Map.Entry<JavaType, String> a : names.adapters().entrySet()) {
            c.addStatement("this.$N = $L", a.getValue(), Code.call(Code.callInherited(RuntimeContract.ROUTES_JSON, ""),
                    RuntimeContract.JSON_CODEC_ADAPTER, "$L", reflectType(a.getKey())));
        }
        for (int id = 0; id < routes.size(); id++) {
            RouteModel r = routes.get(id);
            if (r.returns() != RouteModel.ReturnKind.ASYNC) continue;
            // How the completed value is written, made once: answering an async route allocates no writer.
            // Each is a Context.ResultWriter: (ctx, value) -> ..., or a method of Context of that shape.
            Member write = ChainEmitter.writer(r.eventual(), r.returnType());
            CodeBlock writer = switch (r.eventual()) {
                case TEXT, BYTES, RESPONSE -> Code.reference(write);
                case JSON -> CodeBlock.of("(ctx, value) -> $L", Code.call("ctx", RuntimeContract.CONTEXT_JSON, "this.$N, value",
                        names.adapter(r.returnType())));
                case HTML -> CodeBlock.of("(ctx, value) -> $L", Code.call("ctx", RuntimeContract.CONTEXT_HTML, "$L",
                        ChainEmitter.render(r, CodeBlock.of("value"))));
                default -> CodeBlock.of("(ctx, value) -> { }");
            };
            c.addStatement("this.$N = $L", names.resultWriter(id), writer);
        }
        return c.build();
    }

    /** A {@code java.lang.reflect.Type} expression: {@code Order.class}, {@code Types.parameterized(List.class, Order.class)}. */
    private static CodeBlock reflectType(JavaType type) {
        if (type instanceof JavaType.Declared d && !d.arguments().isEmpty()) {
            CodeBlock.Builder args = CodeBlock.builder();
            for (JavaType arg : d.arguments()) args.add(", $L", reflectType(arg));
            return Code.call(RuntimeContract.TYPES_PARAMETERIZED, "$T.class$L", TypeNames.raw(d), args.build());
        }
        return CodeBlock.of("$T.class", TypeNames.of(type));
    }

    private List<MethodSpec> routeInfoMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        MethodSpec.Builder all = MethodSpec.methodBuilder("routeInfos")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ArrayTypeName.of(RuntimeContract.ROUTE_INFO))
                .addStatement("$T[] infos = new $T[$L]", RuntimeContract.ROUTE_INFO, RuntimeContract.ROUTE_INFO, routes.size());
        int chunks = (routes.size() + INFOS_PER_METHOD - 1) / INFOS_PER_METHOD;
        if (chunks <= 1) {
            for (int id = 0; id < routes.size(); id++) all.addStatement("infos[$L] = $L", id, info(routes.get(id)));
        } else {
            for (int k = 0; k < chunks; k++) {
                all.addStatement("routeInfos$L(infos)", k);
                MethodSpec.Builder part = MethodSpec.methodBuilder("routeInfos" + k)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(ArrayTypeName.of(RuntimeContract.ROUTE_INFO), "infos");
                for (int id = k * INFOS_PER_METHOD; id < Math.min(routes.size(), (k + 1) * INFOS_PER_METHOD); id++) {
                    part.addStatement("infos[$L] = $L", id, info(routes.get(id)));
                }
                methods.add(part.build());
            }
        }
        all.addStatement("return infos");
        methods.add(0, all.build());
        return methods;
    }

    private static CodeBlock info(RouteModel r) {
        CodeBlock params = r.template().paramNames().stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", "));
        CodeBlock chain = r.chain().stream().map(m -> CodeBlock.of("$S", m.type().simpleName())).collect(CodeBlock.joining(", "));
        // Only blocking routes pass the flag, and only routes with a body policy call withBody, so the table of
        // every other route reads as before.
        CodeBlock info = r.blocking()
                ? Code.construct(RuntimeContract.ROUTE_INFO_BLOCKING_CONSTRUCTOR, "$S, $S, $S, $T.of($L), $T.of($L), true",
                        r.method(), r.path(), r.signature(), List.class, params, List.class, chain)
                : Code.construct(RuntimeContract.ROUTE_INFO_CONSTRUCTOR, "$S, $S, $S, $T.of($L), $T.of($L)", r.method(),
                        r.path(), r.signature(), List.class, params, List.class, chain);
        if (!r.hasBodyPolicy()) return info;
        return Code.call(info, RuntimeContract.ROUTE_INFO_WITH_BODY, "$LL, $L", r.maxBodySize(), r.streamsBody());
    }

    private TypeSpec builderType() {
        ClassName builder = routesClass.nestedClass("Builder");
        TypeSpec.Builder b = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Supplies the controller and middleware instances Kiln cannot or should not create, then builds.\n");
        for (Map.Entry<JavaType.Declared, String> f : names.instances().entrySet()) {
            b.addField(TypeNames.raw(f.getKey()), f.getValue(), Modifier.PRIVATE);
        }
        b.addField(RuntimeContract.JSON_CODEC, FieldNames.JSON, Modifier.PRIVATE);
        List<String> mountPaths = routes.stream().filter(r -> r.mount() != null).map(r -> r.mount().path()).toList();
        if (!mountPaths.isEmpty()) {
            b.addField(FieldSpec.builder(ParameterizedTypeName.get(Map.class, String.class, String.class),
                    FieldNames.DIRECTORIES, Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", HashMap.class).build());
        }
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        b.addMethod(MethodSpec.methodBuilder("json")
                .addJavadoc("Reads and writes JSON with {@code codec} instead of avaje-jsonb.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(builder)
                .addParameter(RuntimeContract.JSON_CODEC, "codec")
                .addStatement("this.$N = $T.requireNonNull(codec, $S)", FieldNames.JSON, Objects.class, "codec == null")
                .addStatement("return this")
                .build());
        if (!mountPaths.isEmpty()) {
            CodeBlock known = mountPaths.stream().map(p -> CodeBlock.of("!path.equals($S)", p)).collect(CodeBlock.joining(" && "));
            b.addMethod(MethodSpec.methodBuilder("staticFiles")
                    .addJavadoc("Serves the {@code @StaticFiles} mount at {@code path} from {@code directory} instead of the one\n"
                            + "its annotation names: a path of the file system, or {@code classpath:/...}. For a directory known\n"
                            + "only at run time, or to serve a source folder while developing.\n\n"
                            + "@throws IllegalArgumentException when no mount is at {@code path}\n")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(String.class, "path")
                    .addParameter(String.class, "directory")
                    .addStatement("$T.requireNonNull(path, $S)", Objects.class, "path == null")
                    .addStatement("$T.requireNonNull(directory, $S)", Objects.class, "directory == null")
                    .beginControlFlow("if ($L)", known)
                    .addStatement("throw new $T($S + path + $S)", IllegalArgumentException.class, "no @StaticFiles mount at ",
                            "; the mounts are at " + String.join(", ", mountPaths))
                    .endControlFlow()
                    .addStatement("this.$N.put(path, directory)", FieldNames.DIRECTORIES)
                    .addStatement("return this")
                    .build());
        }
        // One with(...) per class, so that passing an instance of any other class is a compile error.
        for (Map.Entry<JavaType.Declared, String> f : names.instances().entrySet()) {
            ClassName type = TypeNames.raw(f.getKey());
            b.addMethod(MethodSpec.methodBuilder("with")
                    .addJavadoc("Uses {@code instance} as the {@link $T} of every route.\n$L\n", type, constructible.get(f.getKey())
                            ? "Optional: without it, Kiln creates one with its no-arg constructor."
                            : "Required: it has no public no-arg constructor, so Kiln cannot create one.")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(type, "instance")
                    .addStatement("this.$N = $T.requireNonNull(instance, $S)", f.getValue(), Objects.class, "instance == null")
                    .addStatement("return this")
                    .build());
        }
        MethodSpec.Builder build = MethodSpec.methodBuilder("build")
                .addJavadoc("The routes, with an instance of every controller and middleware.\n\n"
                        + "@throws IllegalStateException naming the class, when an instance Kiln cannot create was not supplied\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(routesClass);
        for (Map.Entry<JavaType.Declared, String> f : names.instances().entrySet()) {
            if (constructible.get(f.getKey())) continue;
            String simple = f.getKey().simpleName();
            build.beginControlFlow("if ($N == null)", f.getValue())
                    .addStatement("throw new $T($S)", IllegalStateException.class, simple + " has no public no-arg constructor,"
                            + " so Kiln cannot create it: make one (its constructor, or its builder if it has one) and pass it"
                            + " with " + routesClass.simpleName() + ".builder().with(...)")
                    .endControlFlow();
        }
        b.addMethod(build.addStatement("return new $T(this)", routesClass).build());
        return b.build();
    }
}
