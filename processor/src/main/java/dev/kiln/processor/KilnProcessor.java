package dev.kiln.processor;

import com.google.auto.service.AutoService;
import dev.kiln.processor.contract.Member;
import dev.kiln.processor.contract.RuntimeContract;
import dev.kiln.processor.diag.Diagnostics;
import dev.kiln.processor.diag.Problem;
import dev.kiln.processor.emit.RoutesEmitter;
import dev.kiln.processor.openapi.OpenApiWriter;
import dev.kiln.processor.model.ControllerModel;
import dev.kiln.processor.model.MiddlewareModel;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.read.JsonAdapters;
import dev.kiln.processor.read.ModelReader;
import dev.kiln.processor.tree.RouteTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Kiln's annotation processor: from the {@code @KilnApplication} class and every {@code @Controller} in the
 * compilation it writes {@code <App>Routes}, the application's router and middleware chains as source, and
 * {@code META-INF/kiln/openapi.json}, the routes as an OpenAPI 3.1 document.
 *
 * <p>The steps are those of the design: read elements into the model ({@link ModelReader}), build and
 * check the radix tree ({@link RouteTree}, which knows nothing of javac), report every problem as an error
 * on its element ({@link Diagnostics}), and write the source ({@link RoutesEmitter}). While a type the routes
 * need does not exist, it waits a round, since another processor may generate it; it reports the type only
 * when processing is over. No exception ever escapes to javac: an internal failure becomes an error on the
 * application class. For every type a route reads or writes as JSON it checks that avaje-jsonb, the runtime's
 * default JSON library, will have an adapter ({@link JsonAdapters}), unless {@code -Akiln.json=none} says the
 * application runs with another.
 */
@AutoService(Processor.class)
public final class KilnProcessor extends AbstractProcessor {
    /**
     * The processor option that names the JSON library the application runs with: {@code avaje} (the default),
     * whose adapters the build checks for, or {@code none}, for another library plugged in with
     * {@code <App>Routes.builder().json(codec)}, which turns the check off.
     */
    public static final String JSON_OPTION = "kiln.json";
    private static final Set<String> JSON_LIBRARIES = Set.of("avaje", "none");

    private final Set<String> controllerNames = new LinkedHashSet<>();
    private final Set<String> handlerOwners = new LinkedHashSet<>();
    /** The classes with {@code @StaticFiles}, which only the application's are read from. */
    private final Set<String> mountOwners = new LinkedHashSet<>();
    private String appName;
    private boolean generated;
    private JsonAdapters jsonAdapters;
    /** A failure while collecting what avaje-jsonb will have adapters for, reported as an internal error. */
    private RuntimeException jsonFailure;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        boolean avaje = !"none".equals(env.getOptions().get(JSON_OPTION));
        jsonAdapters = new JsonAdapters(env.getElementUtils(), env.getTypeUtils(), avaje);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(JSON_OPTION);
    }

    /** Every Kiln annotation: the processor claims them, so {@code -Xlint:processing} has nothing to warn of. */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(RuntimeContract.KILN_APPLICATION.packageName() + ".*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager());
        collect(round, diagnostics);
        try {
            jsonAdapters.collect(round);
        } catch (RuntimeException e) {
            jsonFailure = e;
        }
        if (appName != null && !generated) {
            TypeElement app = processingEnv.getElementUtils().getTypeElement(appName);
            try {
                List<TypeElement> classes = controllerClasses();
                List<ModelReader.Unresolved> missing = new ModelReader(processingEnv, diagnostics, jsonAdapters)
                        .unresolved(app, classes);
                if (missing.isEmpty() && !round.processingOver()) {
                    generated = true;
                    generate(app, classes, diagnostics);
                } else if (round.processingOver()) {
                    // Every processor has run: what is still missing will never come.
                    generated = true;
                    for (ModelReader.Unresolved m : missing) diagnostics.report(m.problem(), m.element(), m.message());
                }
                // Else a type does not exist yet: another processor may generate it, so wait for the next round.
            } catch (RuntimeException | IOException e) {
                generated = true;
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                diagnostics.report(Problem.INTERNAL_ERROR, app, "Kiln failed to generate the routes of " + app.getSimpleName()
                        + ". This is a bug in Kiln; please report it with this trace:\n" + trace);
            }
        }
        if (round.processingOver() && appName == null && !controllerNames.isEmpty()) {
            TypeElement first = processingEnv.getElementUtils().getTypeElement(controllerNames.iterator().next());
            diagnostics.report(Problem.NO_APPLICATION, first,
                    "There are controllers but no @KilnApplication class in this compilation, so no router is generated."
                            + " Annotate the class with your main method with @KilnApplication.");
        }
        return true;
    }

    private void collect(RoundEnvironment round, Diagnostics diagnostics) {
        TypeElement appAnnotation = processingEnv.getElementUtils().getTypeElement(RuntimeContract.KILN_APPLICATION.canonicalName());
        TypeElement controllerAnnotation = processingEnv.getElementUtils().getTypeElement(RuntimeContract.CONTROLLER.canonicalName());
        if (appAnnotation != null) {
            for (Element e : round.getElementsAnnotatedWith(appAnnotation)) {
                TypeElement type = (TypeElement) e;
                if (appName == null) {
                    appName = type.getQualifiedName().toString();
                } else if (!appName.equals(type.getQualifiedName().toString())) {
                    diagnostics.report(Problem.TWO_APPLICATIONS, type, type.getSimpleName() + " is a second @KilnApplication; "
                            + appName + " is the first. Keep one per compilation: it names the generated router.");
                }
            }
        }
        if (controllerAnnotation != null) {
            for (Element e : round.getElementsAnnotatedWith(controllerAnnotation)) {
                if (e instanceof TypeElement type) controllerNames.add(type.getQualifiedName().toString());
            }
        }
        for (Member mount : List.of(RuntimeContract.STATIC_FILES_PATH, RuntimeContract.STATIC_FILES_LIST_VALUE)) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(mount.owner().canonicalName());
            if (annotation == null) continue;
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                if (e instanceof TypeElement type) mountOwners.add(type.getQualifiedName().toString());
            }
        }
        for (Member route : RuntimeContract.ROUTE_ANNOTATIONS) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(route.owner().canonicalName());
            if (annotation == null) continue;
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                if (e.getKind() == ElementKind.METHOD && e.getEnclosingElement() instanceof TypeElement owner) {
                    if (hasController(owner)) continue;
                    if (handlerOwners.add(owner.getQualifiedName() + "#" + e)) {
                        diagnostics.report(Problem.MISSING_CONTROLLER, e, "Route method " + owner.getSimpleName() + "#"
                                + e.getSimpleName() + " is in a class without @Controller, so it is never routed."
                                + " Annotate " + owner.getSimpleName() + " with @Controller.");
                    }
                }
            }
        }
    }

    private static boolean hasController(TypeElement owner) {
        return owner.getAnnotationMirrors().stream().anyMatch(m ->
                ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(RuntimeContract.CONTROLLER.canonicalName()));
    }

    /** The {@code @Controller} classes seen so far, as this round's elements, by name. */
    private List<TypeElement> controllerClasses() {
        List<TypeElement> classes = new ArrayList<>();
        for (String name : controllerNames) classes.add(processingEnv.getElementUtils().getTypeElement(name));
        classes.sort(Comparator.comparing(c -> c.getQualifiedName().toString()));
        return classes;
    }

    private void generate(TypeElement app, List<TypeElement> classes, Diagnostics diagnostics) throws IOException {
        if (jsonFailure != null) throw jsonFailure;
        String json = processingEnv.getOptions().get(JSON_OPTION);
        if (json != null && !JSON_LIBRARIES.contains(json)) {
            diagnostics.report(Problem.BAD_OPTION, app, "-A" + JSON_OPTION + "=" + json + " names no JSON library Kiln knows."
                    + " Write -A" + JSON_OPTION + "=avaje (the default: the build checks that avaje-jsonb has an adapter for"
                    + " every JSON type) or -A" + JSON_OPTION + "=none (another library, unchecked).");
        }
        for (String owner : mountOwners) {
            if (owner.equals(app.getQualifiedName().toString())) continue;
            TypeElement type = processingEnv.getElementUtils().getTypeElement(owner);
            diagnostics.report(Problem.STATIC_FILES_MOUNT, type, "@StaticFiles is on " + type.getSimpleName()
                    + ", but mounts are read from the @KilnApplication class only, so this one is never served."
                    + " Move it to " + app.getSimpleName() + ".");
        }
        ModelReader reader = new ModelReader(processingEnv, diagnostics, jsonAdapters);
        PackageElement appPackage = processingEnv.getElementUtils().getPackageOf(app);
        List<MiddlewareModel> global = reader.middleware(app, List.of());

        List<ControllerModel> controllers = new ArrayList<>();
        List<RouteModel> routes = new ArrayList<>();
        for (TypeElement cls : classes) {
            ControllerModel controller = reader.controller(cls, appPackage);
            if (controller == null) continue;
            List<MiddlewareModel> classChain = reader.middleware(cls, global);
            List<RouteModel> own = reader.routes(cls, controller, classChain);
            if (!own.isEmpty()) controllers.add(controller);
            routes.addAll(own);
        }

        // The mounts come after every handler's route, so a clash is reported on the mount, quoting the route.
        routes.addAll(reader.mounts(app, global));

        List<RouteTree.Route> treeRoutes = new ArrayList<>();
        for (int id = 0; id < routes.size(); id++) {
            treeRoutes.add(new RouteTree.Route(id, routes.get(id).method(), routes.get(id).template()));
        }
        RouteTree tree = RouteTree.build(treeRoutes);
        for (RouteTree.Conflict conflict : tree.conflicts()) {
            RouteModel mine = routes.get(conflict.route().id());
            RouteModel theirs = routes.get(conflict.existing().id());
            diagnostics.report(conflict.problem(), reader.origin(mine), conflict.message() + "\n"
                    + "    " + theirs.method() + " " + theirs.path() + "  " + theirs.signature() + "\n"
                    + "    " + mine.method() + " " + mine.path() + "  " + mine.signature() + "  <- this method");
        }
        if (diagnostics.errorCount() > 0) return;

        RoutesEmitter emitter = new RoutesEmitter(reader.type(app), routes, tree, controllers, global,
                reader.catalog());
        Element[] origins = originating(app, classes);
        JavaFileObject file = processingEnv.getFiler().createSourceFile(emitter.routesClass().canonicalName(), origins);
        try (Writer writer = file.openWriter()) {
            emitter.emit().writeTo(writer);
        }
        FileObject openApi = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                OpenApiWriter.RESOURCE, origins);
        try (Writer writer = openApi.openWriter()) {
            writer.write(new OpenApiWriter(reader.catalog()).write(app.getSimpleName().toString(), routes));
        }
    }

    private static Element[] originating(TypeElement app, List<TypeElement> classes) {
        Map<String, Element> all = new LinkedHashMap<>();
        all.put(app.getQualifiedName().toString(), app);
        for (TypeElement c : classes) all.put(c.getQualifiedName().toString(), c);
        return all.values().toArray(new Element[0]);
    }
}
