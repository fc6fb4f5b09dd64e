package dev.kiln.processor.read;

import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.Primitive;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.diag.Diagnostics;
import dev.kiln.processor.diag.Problem;
import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.Binding.Source;
import dev.kiln.processor.model.Constraint;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.ControllerModel;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.MiddlewareModel;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.model.RouteModel.ReturnKind;
import dev.kiln.processor.model.StaticMountModel;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.tree.HttpMethod;
import dev.kiln.processor.tree.PathTemplate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns javac's elements into the processor's model: controllers, routes with their bindings, and
 * middleware chains. Every problem found is reported through {@link Diagnostics} on the element at fault,
 * and the offending route is left out, so reading goes on and one build shows every problem.
 */
public final class ModelReader {
    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final TypeMirror middlewareType;
    private final Conversions conversions;
    private final ConstraintReader constraints;
    private final TypeReader typeReader;
    private final JsonAdapters jsonAdapters;
    private final Map<RouteModel, ExecutableElement> handlers = new IdentityHashMap<>();
    private final Map<RouteModel, Element> mountOrigins = new IdentityHashMap<>();

    /** @param jsonAdapters what avaje-jsonb will have adapters for: a type read or written as JSON is checked against it */
    public ModelReader(ProcessingEnvironment env, Diagnostics diagnostics, JsonAdapters jsonAdapters) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.diagnostics = diagnostics;
        TypeElement middleware = elements.getTypeElement(RuntimeContract.MIDDLEWARE.canonicalName());
        this.middlewareType = middleware == null ? null : types.erasure(middleware.asType());
        this.conversions = new Conversions(types);
        this.constraints = new ConstraintReader(types, elements, diagnostics);
        this.typeReader = new TypeReader(types, constraints);
        this.jsonAdapters = jsonAdapters;
    }

    /**
     * The middleware an element's {@code @Use} adds after {@code before}, checked: each must be a concrete
     * class implementing {@code Middleware}, and none may already be in the chain.
     */
    public List<MiddlewareModel> middleware(Element element, List<MiddlewareModel> before) {
        AnnotationMirror use = Annotations.find(element, RuntimeContract.USE_VALUE);
        if (use == null) return before;
        List<MiddlewareModel> chain = new ArrayList<>(before);
        for (TypeMirror type : Annotations.types(use, RuntimeContract.USE_VALUE)) {
            if (type.getKind() != TypeKind.DECLARED) {
                diagnostics.report(Problem.NOT_MIDDLEWARE, element, "@Use(" + type + ".class) names a type that does not implement "
                        + "Middleware. List only classes that implement dev.kiln.Middleware.");
                continue;
            }
            TypeElement cls = (TypeElement) ((DeclaredType) type).asElement();
            String name = cls.getSimpleName().toString();
            if (middlewareType == null || !types.isAssignable(types.erasure(type), middlewareType)) {
                diagnostics.report(Problem.NOT_MIDDLEWARE, element, "@Use(" + name + ".class) names a type that does not implement "
                        + "Middleware. Implement dev.kiln.Middleware in " + name + ", or remove it from @Use.");
                continue;
            }
            if (cls.getKind() != ElementKind.CLASS || cls.getModifiers().contains(Modifier.ABSTRACT)) {
                diagnostics.report(Problem.ABSTRACT_MIDDLEWARE, element, "@Use(" + name + ".class) names "
                        + (cls.getKind() == ElementKind.INTERFACE ? "an interface" : "an abstract class")
                        + ", which cannot be instantiated. Name a concrete class that implements it.");
                continue;
            }
            JavaType.Declared className = TypeReader.declared(cls);
            if (chain.stream().anyMatch(m -> m.type().equals(className))) {
                diagnostics.report(Problem.DUPLICATE_MIDDLEWARE, element, "@Use(" + name + ".class) adds " + name
                        + " to a chain that already runs it (" + chain.stream().map(m -> m.type().simpleName())
                        .collect(Collectors.joining(" -> ")) + "). Remove this one: a middleware runs once per request.");
                continue;
            }
            chain.add(new MiddlewareModel(className, isConstructible(cls)));
        }
        return List.copyOf(chain);
    }

    /** A {@code @Controller} class, or null (after reporting why) when it cannot be used. */
    public ControllerModel controller(TypeElement cls, PackageElement appPackage) {
        if (cls.getKind() != ElementKind.CLASS) {
            diagnostics.report(Problem.CONTROLLER_KIND, cls, "@Controller is on " + kindName(cls) + " " + cls.getSimpleName()
                    + ". Put it on a class.");
            return null;
        }
        if (cls.getNestingKind() == NestingKind.LOCAL || cls.getNestingKind() == NestingKind.ANONYMOUS
                || cls.getNestingKind() == NestingKind.MEMBER && !cls.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.report(Problem.INNER_CONTROLLER, cls, "Controller " + cls.getSimpleName()
                    + " is an inner class, which the generated code cannot create. Make it top-level or a static nested class.");
            return null;
        }
        if (cls.getModifiers().contains(Modifier.ABSTRACT)) {
            diagnostics.report(Problem.ABSTRACT_CONTROLLER, cls, "Controller " + cls.getSimpleName()
                    + " is abstract. Put @Controller on a concrete class.");
            return null;
        }
        if (!isAccessibleFrom(cls, appPackage)) {
            diagnostics.report(Problem.CONTROLLER_NOT_PUBLIC, cls, "Controller " + cls.getSimpleName()
                    + " is not public, so the router generated in package " + appPackage.getQualifiedName()
                    + " cannot call it. Make it public.");
            return null;
        }
        AnnotationMirror mirror = Annotations.find(cls, RuntimeContract.CONTROLLER_VALUE);
        String prefix = mirror == null ? "" : Annotations.string(mirror, RuntimeContract.CONTROLLER_VALUE, "");
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            diagnostics.report(Problem.PATH_START, cls, "@Controller(\"" + prefix + "\") does not start with '/'. Write it as \"/"
                    + prefix + "\".");
            return null;
        }
        if (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        return new ControllerModel(TypeReader.declared(cls), prefix, isConstructible(cls)); // accessible: checked above
    }

    /** The routes of one controller, in declaration order; a handler with a problem is reported and left out. */
    public List<RouteModel> routes(TypeElement cls, ControllerModel controller, List<MiddlewareModel> classChain) {
        List<RouteModel> routes = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(cls.getEnclosedElements())) {
            for (HttpMethod httpMethod : HttpMethod.values()) {
                Member path = RuntimeContract.ROUTE_ANNOTATIONS.get(httpMethod.ordinal());
                AnnotationMirror mirror = Annotations.find(method, path);
                if (mirror == null) continue;
                RouteModel model = route(method, httpMethod.name(), Annotations.string(mirror, path, ""), controller, classChain);
                if (model != null) routes.add(model);
            }
        }
        return routes;
    }

    private RouteModel route(ExecutableElement method, String httpMethod, String path, ControllerModel controller,
                             List<MiddlewareModel> classChain) {
        String signature = signature(controller.type(), method);
        boolean ok = checkHandlerShape(method, signature);
        String full = controller.prefix() + path;
        PathTemplate template;
        try {
            template = PathTemplate.parse(full);
        } catch (PathTemplate.SyntaxError e) {
            diagnostics.report(e.problem(), method, e.getMessage() + " (" + httpMethod + " route of " + signature + ")");
            return null;
        }
        List<Binding> bindings = new ArrayList<>();
        boolean takesContext = false;
        boolean hasBody = false;
        VariableElement firstForm = null;
        Set<String> declared = Set.copyOf(template.paramNames());
        List<String> bound = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            Binding binding = binding(parameter, signature, httpMethod);
            if (binding == null) {
                ok = false;
                continue;
            }
            switch (binding.source()) {
                case CONTEXT -> takesContext = true;
                case BODY -> {
                    if (hasBody) {
                        diagnostics.report(Problem.TWO_BODIES, parameter, signature + " has two @Body parameters, but a request has"
                                + " one body. Keep one @Body parameter.");
                        ok = false;
                    }
                    hasBody = true;
                }
                case FORM -> {
                    if (firstForm == null) firstForm = parameter;
                }
                case PATH -> {
                    if (!declared.contains(binding.name())) {
                        diagnostics.report(Problem.UNKNOWN_PATH_PARAM, parameter, "@PathParam '" + binding.name() + "' of " + signature
                                + " is not declared by its path '" + full + "'"
                                + (declared.isEmpty() ? "" : ", which declares " + String.join(", ", template.paramNames()))
                                + ". Add ':" + binding.name() + "' to the path, or bind a declared name.");
                        ok = false;
                    }
                    bound.add(binding.name());
                }
                default -> { }
            }
            bindings.add(binding);
        }
        if (hasBody && firstForm != null) {
            diagnostics.report(Problem.BODY_AND_FORM, firstForm, "Parameter '" + firstForm.getSimpleName() + "' of " + signature
                    + " reads a form field, but the handler also takes the body with @Body; a request has one body,"
                    + " either a form or not. Bind every value with @Form, or take the body whole with @Body alone.");
            ok = false;
        }
        if (!takesContext) {
            for (String name : template.paramNames()) {
                if (!bound.contains(name)) {
                    diagnostics.report(Problem.UNBOUND_PATH_PARAM, method, "Path '" + full + "' declares '" + name + "', but "
                            + signature + " never binds it. Add a @PathParam parameter for it, or take a Context and read ctx.param(\""
                            + name + "\").");
                }
            }
        }
        ReturnKind returns = returnKind(method, signature);
        if (returns == null) ok = false;
        if (!ok) return null;
        List<MiddlewareModel> chain = middleware(method, classChain);
        List<JavaType> parameterTypes = method.getParameters().stream()
                .map(p -> TypeReader.of(types.erasure(p.asType())))
                .toList();
        boolean blocking = Annotations.find(method, RuntimeContract.BLOCKING) != null
                || Annotations.find(method.getEnclosingElement(), RuntimeContract.BLOCKING) != null;
        AnnotationMirror statusMirror = Annotations.find(method, RuntimeContract.STATUS_VALUE);
        int status = statusMirror == null ? 0 : Integer.parseInt(Annotations.string(statusMirror, RuntimeContract.STATUS_VALUE, "0"));
        int min = RuntimeContract.MIN_STATUS.value();
        int max = RuntimeContract.MAX_STATUS.value();
        if (statusMirror != null && (status < min || status > max)) {
            diagnostics.report(Problem.BAD_STATUS, method, "@Status(" + status + ") on " + signature
                    + " is not an HTTP status. Use a code from " + min + " to " + max + ".");
            return null;
        }
        if (!checkStreams(method, signature, bindings, returns) || !checkProduces(method, signature)) return null;
        long maxBodySize = maxBodySize(method, signature, bindings, blocking);
        if (maxBodySize == BAD_SIZE) return null;
        String produces = produces(method, bindings);
        TypeMirror result = returns == ReturnKind.ASYNC ? Conversions.typeArgument(method.getReturnType()) : method.getReturnType();
        ReturnKind eventual = returns == ReturnKind.ASYNC ? resultKind(result) : null;
        if (returns == ReturnKind.JSON || eventual == ReturnKind.JSON) {
            typeReader.learn(result);
            checkJsonAdapter(method, "Handler " + signature + " writes " + Conversions.jsonName(result) + " as JSON", result);
        }
        JavaType.Declared renderer = null;
        if (returns == ReturnKind.HTML || eventual == ReturnKind.HTML) {
            renderer = renderer(method, signature, Templates.model(result));
            if (renderer == null) return null;
        }
        RouteModel route = new RouteModel(httpMethod, template, controller, signature, method.getSimpleName().toString(),
                parameterTypes, List.copyOf(bindings), returns, TypeReader.of(result).boxed(), eventual, status, chain,
                blocking, produces, maxBodySize, renderer);
        handlers.put(route, method);
        return route;
    }

    /** A media type as RFC 9110 §8.3.1 writes one, parameters aside: {@code type/subtype}, both tokens. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*;.*)?");

    /** Reports a stream parameter on a handler that returns a value, or two of them; returns whether there is none. */
    private boolean checkStreams(ExecutableElement method, String signature, List<Binding> bindings, ReturnKind returns) {
        List<Binding> streams = bindings.stream().filter(ModelReader::isStream).toList();
        if (streams.size() > 1) {
            diagnostics.report(Problem.STREAM_HANDLER, method, signature + " takes " + streams.size() + " streams ("
                    + streams.stream().map(Binding::javaName).collect(Collectors.joining(", ")) + "), but a request has"
                    + " one response. Keep one.");
            return false;
        }
        if (!streams.isEmpty() && returns != ReturnKind.VOID) {
            diagnostics.report(Problem.STREAM_HANDLER, method, signature + " takes the stream '" + streams.get(0).javaName()
                    + "' and also returns a value, but its response is the stream. Return void.");
            return false;
        }
        return true;
    }

    /** Reports an {@code @Produces} that is not a media type; returns whether the route's is one, or it has none. */
    private boolean checkProduces(ExecutableElement method, String signature) {
        AnnotationMirror mirror = Annotations.find(method, RuntimeContract.PRODUCES_VALUE);
        if (mirror == null) return true;
        String value = Annotations.string(mirror, RuntimeContract.PRODUCES_VALUE, "");
        if (MEDIA_TYPE.matcher(value).matches()) return true;
        diagnostics.report(Problem.BAD_PRODUCES, method, "@Produces(\"" + value + "\") on " + signature
                + " is not a media type. Write it as type/subtype, such as \"text/csv\".");
        return false;
    }

    /**
     * The media type of a route's streamed response: its {@code @Produces}, else {@code text/event-stream} for an
     * {@code EventStream} parameter and {@code application/octet-stream} for a {@code ResponseStream}; null when the
     * route says nothing.
     */
    private static String produces(ExecutableElement method, List<Binding> bindings) {
        AnnotationMirror mirror = Annotations.find(method, RuntimeContract.PRODUCES_VALUE);
        if (mirror != null) return Annotations.string(mirror, RuntimeContract.PRODUCES_VALUE, "");
        Binding stream = bindings.stream().filter(ModelReader::isStream).findFirst().orElse(null);
        if (stream == null) return null;
        return stream.conversion().kind() == Conversion.Kind.EVENT_STREAM
                ? RuntimeContract.EVENT_STREAM_MEDIA_TYPE.value() : "application/octet-stream";
    }

    /** What {@link #maxBodySize} returns for a route it reported. */
    private static final long BAD_SIZE = -2;

    /**
     * A route's {@code @MaxBodySize} in bytes, -1 without one. Reports a value that is not a size, one too large for a
     * body that is gathered, and a streamed body ({@code @Body InputStream}) on a route that is not
     * {@code @Blocking}, whose reads would block the event loop; returns {@link #BAD_SIZE} then.
     */
    private long maxBodySize(ExecutableElement method, String signature, List<Binding> bindings, boolean blocking) {
        Binding streamed = bindings.stream().filter(b -> b.conversion().kind() == Conversion.Kind.BODY_STREAM)
                .findFirst().orElse(null);
        if (streamed != null && !blocking) {
            diagnostics.report(Problem.STREAMED_BODY_NOT_BLOCKING, method, signature + " reads its body '"
                    + streamed.javaName() + "' as an InputStream, whose reads wait for the client, but runs on the event"
                    + " loop, which must never wait. Add @Blocking.");
            return BAD_SIZE;
        }
        AnnotationMirror mirror = Annotations.find(method, RuntimeContract.MAX_BODY_SIZE_VALUE);
        if (mirror == null) return -1;
        String value = Annotations.string(mirror, RuntimeContract.MAX_BODY_SIZE_VALUE, "");
        long size;
        try {
            size = ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            diagnostics.report(Problem.BAD_BODY_SIZE, method, "@MaxBodySize(\"" + value + "\") on " + signature + " "
                    + e.getMessage() + ". Write a number of bytes, KiB, MiB or GiB, such as \"512KiB\" or \"2GiB\".");
            return BAD_SIZE;
        }
        if (streamed == null && size > RuntimeContract.MAX_GATHERED_BODY.value()) {
            diagnostics.report(Problem.BAD_BODY_SIZE, method, "@MaxBodySize(\"" + value + "\") on " + signature
                    + " is more than a gathered body can hold (" + RuntimeContract.MAX_GATHERED_BODY.value() + " bytes). Take the"
                    + " body as it arrives with @Body InputStream on a @Blocking route, or lower the limit.");
            return BAD_SIZE;
        }
        return size;
    }

    private static boolean isStream(Binding b) {
        return b.conversion().kind() == Conversion.Kind.STREAM || b.conversion().kind() == Conversion.Kind.EVENT_STREAM;
    }

    /**
     * The renderer JStachio generated for {@code model}, which {@code method} returns, checked to write escaped HTML;
     * null, after reporting why, when there is none Kiln can call.
     */
    private JavaType.Declared renderer(ExecutableElement method, String signature, TypeElement model) {
        String name = Templates.rendererName(model, elements);
        TypeElement renderer = elements.getTypeElement(name);
        if (renderer == null) {
            diagnostics.report(Problem.TEMPLATE_RENDERER_MISSING, method, rendererMissing(signature, model, name));
            return null;
        }
        String why = Templates.notHtml(renderer, elements, types);
        if (why != null) {
            diagnostics.report(Problem.TEMPLATE_NOT_HTML, method, "Handler " + signature + " returns "
                    + model.getSimpleName() + ", a template model, but its renderer " + renderer.getSimpleName() + " " + why
                    + ". Kiln sends a template model only as escaped HTML.");
            return null;
        }
        return TypeReader.declared(renderer);
    }

    private static String rendererMissing(String signature, TypeElement model, String renderer) {
        return "Handler " + signature + " returns " + model.getSimpleName() + ", a template model (@JStache), but its"
                + " renderer " + renderer + " was never generated. Put io.jstach:jstachio-apt on the annotation processor"
                + " path beside kiln-processor, or, if the renderer is named elsewhere, say its name with @JStache(name).";
    }

    /**
     * A type a route needs that does not exist, maybe not yet: another processor may generate it in a later round.
     *
     * @param problem what to report if it never comes: {@link Problem#UNRESOLVED_TYPE}, or
     *                {@link Problem#TEMPLATE_RENDERER_MISSING} for a template model's renderer
     * @param element where it is used
     * @param message what to report if it never comes
     */
    public record Unresolved(Problem problem, Element element, String message) {
        Unresolved(Element element, String message) {
            this(Problem.UNRESOLVED_TYPE, element, message);
        }
    }

    private static final String NOWHERE = " no source file or annotation processor provides. Check its name and import,"
            + " or that the processor meant to generate it runs.";

    /**
     * The types the routes of {@code app} and {@code controllers} need that javac cannot resolve: their handlers'
     * parameter and return types (type arguments included) and the classes their {@code @Use} names. Reading them
     * now would misreport a type another processor generates later, so the processor waits while there are any.
     */
    public List<Unresolved> unresolved(TypeElement app, List<TypeElement> controllers) {
        List<Unresolved> missing = new ArrayList<>();
        unresolvedUse(app, app.getSimpleName().toString(), missing);
        for (TypeElement cls : controllers) {
            unresolvedUse(cls, cls.getSimpleName().toString(), missing);
            for (ExecutableElement method : ElementFilter.methodsIn(cls.getEnclosedElements())) {
                if (RuntimeContract.ROUTE_ANNOTATIONS.stream().noneMatch(a -> Annotations.find(method, a) != null)) continue;
                String signature = signature(TypeReader.declared(cls), method);
                unresolvedUse(method, signature, missing);
                for (VariableElement parameter : method.getParameters()) {
                    TypeMirror error = firstError(parameter.asType());
                    if (error != null) {
                        missing.add(new Unresolved(parameter, "Parameter '" + parameter.getSimpleName() + "' of " + signature
                                + " uses the type " + error + ", which" + NOWHERE));
                    }
                }
                TypeMirror error = firstError(method.getReturnType());
                if (error != null) {
                    missing.add(new Unresolved(method, "The return type of " + signature + " uses the type " + error + ", which"
                            + NOWHERE));
                    continue;
                }
                // A template model's renderer is generated by JStachio's processor, in the round after the model's.
                TypeMirror result = isAsync(method.getReturnType()) ? Conversions.typeArgument(method.getReturnType())
                        : method.getReturnType();
                TypeElement model = result == null ? null : Templates.model(result);
                if (model != null) {
                    String renderer = Templates.rendererName(model, elements);
                    if (elements.getTypeElement(renderer) == null) {
                        missing.add(new Unresolved(Problem.TEMPLATE_RENDERER_MISSING, method,
                                rendererMissing(signature, model, renderer)));
                    }
                }
            }
        }
        return missing;
    }

    private static void unresolvedUse(Element element, String where, List<Unresolved> missing) {
        AnnotationMirror use = Annotations.find(element, RuntimeContract.USE_VALUE);
        if (use == null) return;
        for (Object value : Annotations.classValues(use, RuntimeContract.USE_VALUE)) {
            // javac gives a class it cannot find as an error type, or (for a class literal) as no type at all.
            if (!(value instanceof TypeMirror type)) {
                missing.add(new Unresolved(element, "@Use on " + where + " names a class that (javac's error names it)" + NOWHERE));
            } else if (firstError(type) != null) {
                missing.add(new Unresolved(element, "@Use on " + where + " names " + firstError(type) + ", which" + NOWHERE));
            }
        }
    }

    /** The first type in {@code type} (itself, a type argument, a component, a bound) that javac could not resolve. */
    private static TypeMirror firstError(TypeMirror type) {
        switch (type.getKind()) {
            case ERROR:
                return type;
            case ARRAY:
                return firstError(((ArrayType) type).getComponentType());
            case DECLARED:
                for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                    TypeMirror error = firstError(argument);
                    if (error != null) return error;
                }
                return null;
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
                TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return bound == null ? null : firstError(bound);
            }
            default:
                return null;
        }
    }

    /**
     * The routes of {@code app}'s {@code @StaticFiles} mounts, in the order written, each {@code GET <path>/*path}
     * after the application's middleware {@code global}; a malformed mount is reported on {@code app} and left out.
     */
    public List<RouteModel> mounts(TypeElement app, List<MiddlewareModel> global) {
        List<AnnotationMirror> mirrors = new ArrayList<>();
        AnnotationMirror one = Annotations.find(app, RuntimeContract.STATIC_FILES);
        if (one != null) mirrors.add(one);
        AnnotationMirror list = Annotations.find(app, RuntimeContract.STATIC_FILES_LIST_VALUE);
        if (list != null) {
            for (Object value : Annotations.classValues(list, RuntimeContract.STATIC_FILES_LIST_VALUE)) {
                if (value instanceof AnnotationMirror m) mirrors.add(m);
            }
        }
        List<RouteModel> routes = new ArrayList<>();
        for (AnnotationMirror mirror : mirrors) {
            String path = valueWithDefault(mirror, RuntimeContract.STATIC_FILES_PATH);
            String directory = valueWithDefault(mirror, RuntimeContract.STATIC_FILES_DIRECTORY);
            String cacheControl = valueWithDefault(mirror, RuntimeContract.STATIC_FILES_CACHE_CONTROL);
            String quoted = "@StaticFiles(path = \"" + path + "\", directory = \"" + directory + "\")";
            if (!path.startsWith("/")) {
                diagnostics.report(Problem.PATH_START, app, quoted + " has a path that does not start with '/'. Write it as \"/"
                        + path + "\".");
                continue;
            }
            if (path.indexOf(':') >= 0 || path.indexOf('*') >= 0 || path.length() > 1 && path.endsWith("/")) {
                diagnostics.report(Problem.STATIC_FILES_MOUNT, app, quoted + " has a path with a parameter or a trailing '/',"
                        + " but a mount is a plain prefix: its files are under it. Write it as \""
                        + path.replaceAll("[:*].*$", "").replaceAll("/+$", "") + "\" or another plain path.");
                continue;
            }
            String classPath = directory.startsWith("classpath:") ? directory.substring("classpath:".length()) : null;
            if (directory.isBlank() || classPath != null && classPath.replace("/", "").isBlank()) {
                diagnostics.report(Problem.STATIC_FILES_MOUNT, app, quoted + (directory.isBlank() ? " names no directory"
                        : " names the whole class path, which would serve every class and resource of the application")
                        + ". Name a directory of its own, such as \"classpath:/static\" or \"/srv/www\".");
                continue;
            }
            String prefix = path.equals("/") ? "" : path;
            PathTemplate template;
            try {
                template = PathTemplate.parse(prefix + "/*" + StaticMountModel.PATH_PARAM);
            } catch (PathTemplate.SyntaxError e) {
                diagnostics.report(e.problem(), app, quoted + ": " + e.getMessage());
                continue;
            }
            RouteModel route = RouteModel.of(new StaticMountModel(prefix, directory, cacheControl), template, global);
            mountOrigins.put(route, app);
            routes.add(route);
        }
        return routes;
    }

    /** A member's value, or its default: {@code @StaticFiles}'s defaults are the annotation's own, never copied here. */
    private String valueWithDefault(AnnotationMirror mirror, Member member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member.name())) return String.valueOf(e.getValue().getValue());
        }
        return "";
    }

    /** Where a problem found later with {@code route} (a conflict) is reported: its handler, or the mounting class. */
    public Element origin(RouteModel route) {
        ExecutableElement handler = handlers.get(route);
        return handler != null ? handler : mountOrigins.get(route);
    }

    /** {@code cls} as the model names a class. */
    public JavaType.Declared type(TypeElement cls) {
        return TypeReader.declared(cls);
    }

    /** The handler method {@code route} was read from: where a problem found later (a conflict) is reported. */
    public ExecutableElement handler(RouteModel route) {
        return handlers.get(route);
    }

    /** What was learnt of the types the routes' bodies, results and parameters use, for the OpenAPI document. */
    public TypeCatalog catalog() {
        return typeReader.catalog();
    }

    private boolean checkHandlerShape(ExecutableElement method, String signature) {
        Set<Modifier> modifiers = method.getModifiers();
        if (!modifiers.contains(Modifier.PUBLIC)) {
            diagnostics.report(Problem.HANDLER_NOT_PUBLIC, method, "Handler " + signature + " is not public, so the generated router"
                    + " cannot call it. Make it public.");
            return false;
        }
        if (modifiers.contains(Modifier.STATIC)) {
            diagnostics.report(Problem.HANDLER_STATIC, method, "Handler " + signature + " is static. Make it an instance method:"
                    + " the router calls it on the controller instance.");
            return false;
        }
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.report(Problem.HANDLER_GENERIC, method, "Handler " + signature + " declares type parameters, which a request"
                    + " cannot supply. Remove them.");
            return false;
        }
        return true;
    }

    private Binding binding(VariableElement parameter, String signature, String httpMethod) {
        TypeMirror type = parameter.asType();
        String javaName = parameter.getSimpleName().toString();
        if (Conversions.isDeclared(type, RuntimeContract.CONTEXT.canonicalName())) {
            return new Binding(Source.CONTEXT, "", Conversions.context(type), javaName, null);
        }
        if (Conversions.isDeclared(type, RuntimeContract.RESPONSE_STREAM.canonicalName())) {
            return new Binding(Source.CONTEXT, "", Conversions.request(type, Conversion.Kind.STREAM), javaName, null);
        }
        if (Conversions.isDeclared(type, RuntimeContract.EVENT_STREAM.canonicalName())) {
            return new Binding(Source.CONTEXT, "", Conversions.request(type, Conversion.Kind.EVENT_STREAM), javaName, null);
        }
        for (Source source : List.of(Source.PATH, Source.QUERY, Source.HEADER, Source.COOKIE, Source.FORM, Source.BODY)) {
            Member named = switch (source) {
                case PATH -> RuntimeContract.PATH_PARAM_VALUE;
                case QUERY -> RuntimeContract.QUERY_VALUE;
                case HEADER -> RuntimeContract.HEADER_VALUE;
                case COOKIE -> RuntimeContract.COOKIE_VALUE;
                case FORM -> RuntimeContract.FORM_VALUE;
                default -> null; // @Body has no name
            };
            AnnotationMirror mirror = named == null ? Annotations.find(parameter, RuntimeContract.BODY)
                    : Annotations.find(parameter, named);
            if (mirror == null) continue;
            String name = named == null ? "" : Annotations.string(mirror, named, "");
            if (name.isEmpty() && source != Source.BODY) name = javaName;
            if (source != Source.FORM && Conversions.mentionsUpload(type)) {
                diagnostics.report(Problem.UPLOAD_NOT_FORM, parameter, "Parameter '" + javaName + "' of " + signature
                        + " has type " + type + ", a file part of a multipart form, but is bound from the " + source.label()
                        + ". Annotate it with @Form(\"" + (name.isEmpty() ? javaName : name) + "\") instead.");
                return null;
            }
            if (source == Source.FORM && (httpMethod.equals("GET") || httpMethod.equals("HEAD"))) {
                diagnostics.report(Problem.FORM_ON_GET, parameter, "Parameter '" + javaName + "' of " + signature + " reads a form"
                        + " field of a " + httpMethod + " request, which has no body: a browser sends a GET form in the query."
                        + " Use @Query(\"" + name + "\"), or make the route @Post.");
                return null;
            }
            Conversion upload = source == Source.FORM ? Conversions.upload(type) : null;
            Conversion conversion = upload != null ? upload
                    : source == Source.BODY ? conversions.body(type) : conversions.param(type, source);
            if (conversion == null) {
                diagnostics.report(Problem.UNSUPPORTED_PARAMETER_TYPE, parameter, "Parameter '" + javaName + "' of " + signature
                        + " has type " + type + ", which Kiln cannot bind from the " + source.label() + ". Supported: "
                        + (source == Source.BODY ? "byte[], String, or a type read as JSON (a class, record, array or"
                                + " collection of them, without wildcards)" : Conversions.SUPPORTED)
                        + (source == Source.FORM ? "; or Upload, Optional<Upload> or List<Upload> for a file part" : "") + ".");
                return null;
            }
            if (source == Source.BODY && (httpMethod.equals("GET") || httpMethod.equals("HEAD"))) {
                diagnostics.report(Problem.BODY_ON_GET, parameter, "Parameter '" + javaName + "' of " + signature + " reads the body of a "
                        + httpMethod + " request, which has no defined meaning (RFC 9110 §9.3.1) and is often dropped by"
                        + " proxies. Use @Post or @Put, or read query parameters.");
            }
            AnnotationMirror defaultMirror = Annotations.find(parameter, RuntimeContract.DEFAULT_VALUE);
            String defaultValue = defaultMirror == null ? null : Annotations.string(defaultMirror, RuntimeContract.DEFAULT_VALUE, "");
            if (defaultValue != null && !checkDefault(parameter, source, conversion, javaName, signature, defaultValue)) {
                return null;
            }
            if (conversion.kind() == Conversion.Kind.BODY_JSON) {
                checkJsonAdapter(parameter, "Parameter '" + javaName + "' of " + signature + " reads "
                        + Conversions.jsonName(type) + " from JSON", type);
            }
            if (conversion.kind() == Conversion.Kind.UPLOAD) {
                // A file part is documented as binary, not as the Upload class; it has no constraints of its own.
                return new Binding(source, name, conversion, javaName, null);
            }
            // A factory's value is documented as text; every other type as what it is.
            if (conversion.kind() != Conversion.Kind.FACTORY) typeReader.learn(type);
            // An optional parameter's constraints are on its value, when there is one; a body's records are checked.
            TypeMirror subject = conversion.wrapper() == Conversion.Wrapper.OPTIONAL ? Conversions.typeArgument(type) : type;
            Constraint.Validation validation = constraints.read(parameter, subject, "parameter '" + javaName + "' of "
                    + signature, source == Source.BODY);
            return new Binding(source, name, conversion, javaName, defaultValue, validation);
        }
        diagnostics.report(Problem.UNANNOTATED_PARAMETER, parameter, "Parameter '" + javaName + "' of " + signature
                + " says nowhere where its value comes from. Annotate it with @PathParam, @Query, @Header, @Cookie, @Form"
                + " or @Body, or declare it as Context.");
        return null;
    }

    /** Whether a {@code @Default} can apply and, where the processor can convert it itself, converts; reports why not. */
    private boolean checkDefault(VariableElement parameter, Source source, Conversion conversion, String javaName,
                                 String signature, String value) {
        if (source == Source.PATH || source == Source.BODY || conversion.wrapper() == Conversion.Wrapper.LIST
                || conversion.kind() == Conversion.Kind.UPLOAD) {
            diagnostics.report(Problem.DEFAULT_NOT_APPLICABLE, parameter, "@Default on parameter '" + javaName + "' of " + signature
                    + " can never apply: " + (source == Source.PATH ? "a path parameter is always present"
                    : source == Source.BODY ? "a body has no default" : conversion.kind() == Conversion.Kind.UPLOAD
                    ? "a file part has no default" : "a missing list is empty")
                    + ". Remove @Default.");
            return false;
        }
        if (conversion.kind() == Conversion.Kind.PRIMITIVE && !Primitive.of(conversion.expected()).accepts(value)
                || conversion.kind() == Conversion.Kind.ENUM && !isConstant(conversion.expected(), value)) {
            diagnostics.report(Problem.BAD_DEFAULT, parameter, "@Default(\"" + value + "\") on parameter '" + javaName + "' of "
                    + signature + " is not a valid " + conversion.expected() + ". Write a value a request could send.");
            return false;
        }
        return true;
    }

    /**
     * Reports, on {@code element}, a type in {@code type} that avaje-jsonb will have no adapter for: an error when
     * that is certain, else a warning.
     *
     * @param what the element and what it does with the type, to go before {@code ", but ..."}
     */
    private void checkJsonAdapter(Element element, String what, TypeMirror type) {
        JsonAdapters.Missing missing = jsonAdapters.find(type);
        if (missing == null) return;
        if (missing.certain()) {
            diagnostics.report(Problem.NO_JSON_ADAPTER, element, what + ", but avaje-jsonb will have no adapter for "
                    + missing.type() + ": " + missing.why() + ". " + missing.fix());
        } else {
            diagnostics.report(Problem.JSON_ADAPTER_UNSEEN, element, what + ", and Kiln sees no avaje-jsonb adapter for "
                    + missing.type() + ": " + missing.why() + ". " + missing.fix());
        }
    }

    /** Whether {@code value} is one of the constants {@code expected} ({@code "one of RED, GREEN"}) lists. */
    private static boolean isConstant(String expected, String value) {
        return !value.isEmpty() && List.of(expected.substring("one of ".length()).split(", ")).contains(value);
    }

    private ReturnKind returnKind(ExecutableElement method, String signature) {
        TypeMirror type = method.getReturnType();
        ReturnKind kind = resultKind(type);
        if (kind == null && isAsync(type)) {
            TypeMirror eventual = Conversions.typeArgument(type);
            if (eventual != null && resultKind(eventual) != null) return ReturnKind.ASYNC;
        }
        if (kind != null) return kind;
        diagnostics.report(Problem.UNSUPPORTED_RETURN_TYPE, method, "Handler " + signature + " returns " + type
                + ", which Kiln cannot write as a response. Return void (and write through Context), String,"
                + " CharSequence, byte[], ByteBuffer, Response, a template model (@JStache), a type written as JSON (a"
                + " class, record, array or collection of them, without wildcards or type variables), or a CompletionStage"
                + " of one of them.");
        return null;
    }

    /** How a value of {@code type} is written; null when it cannot be (or is a CompletionStage). */
    private ReturnKind resultKind(TypeMirror type) {
        if (type.getKind() == TypeKind.VOID || Conversions.isDeclared(type, "java.lang.Void")) return ReturnKind.VOID;
        if (Conversions.isDeclared(type, "java.lang.String") || Conversions.isDeclared(type, "java.lang.CharSequence")) return ReturnKind.TEXT;
        if (Conversions.isByteArray(type) || Conversions.isDeclared(type, "java.nio.ByteBuffer")) return ReturnKind.BYTES;
        if (Conversions.isDeclared(type, RuntimeContract.RESPONSE.canonicalName())) return ReturnKind.RESPONSE;
        if (isAsync(type) || type.getKind() == TypeKind.ERROR) return null;
        if (Templates.model(type) != null) return ReturnKind.HTML;
        if (Conversions.isJsonType(type)) return ReturnKind.JSON;
        return null;
    }

    private static boolean isAsync(TypeMirror type) {
        return Conversions.isDeclared(type, "java.util.concurrent.CompletionStage") || Conversions.isDeclared(type, "java.util.concurrent.CompletableFuture");
    }

    /** Whether the generated code can call {@code new Cls()}: public, with a public no-arg constructor. */
    private static boolean isConstructible(TypeElement cls) {
        if (!cls.getModifiers().contains(Modifier.PUBLIC) || cls.getModifiers().contains(Modifier.ABSTRACT)) return false;
        for (ExecutableElement c : ElementFilter.constructorsIn(cls.getEnclosedElements())) {
            if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) return true;
        }
        return false;
    }

    private boolean isAccessibleFrom(TypeElement cls, PackageElement appPackage) {
        for (Element e = cls; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (!e.getModifiers().contains(Modifier.PUBLIC) && !elements.getPackageOf(e).equals(appPackage)) return false;
            if (e.getModifiers().contains(Modifier.PRIVATE)) return false;
        }
        return true;
    }

    /** {@code OrderController#get(long)}: how messages and the route table quote a handler. */
    private String signature(JavaType.Declared owner, ExecutableElement method) {
        String params = method.getParameters().stream()
                .map(p -> simpleName(types.erasure(p.asType())))
                .collect(Collectors.joining(", "));
        return String.join(".", owner.simpleNames()) + "#" + method.getSimpleName() + "(" + params + ")";
    }

    private static String simpleName(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) return simpleName(((ArrayType) type).getComponentType()) + "[]";
        if (type.getKind() == TypeKind.DECLARED) return ((DeclaredType) type).asElement().getSimpleName().toString();
        if (type.getKind().isPrimitive()) return Conversions.keyword(type);
        return type.toString();
    }

    private static String kindName(TypeElement cls) {
        return switch (cls.getKind()) {
            case INTERFACE -> "the interface";
            case ENUM -> "the enum";
            case RECORD -> "the record";
            case ANNOTATION_TYPE -> "the annotation";
            default -> "the type";
        };
    }
}
