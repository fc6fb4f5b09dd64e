package dev.kiln.server;

import dev.kiln.routing.Routes;

/**
 * The entry point: {@code Kiln.server(ShopAppRoutes.builder().build()).port(8080).start()}.
 *
 * <p>The routes come from the class the annotation processor generated for the application's
 * {@link dev.kiln.annotation.KilnApplication} class; see {@link KilnServer} for the settings.
 */
public final class Kiln {
    private Kiln() {}

    /** A server for the given generated routes, not yet started. */
    public static KilnServer server(Routes routes) {
        return new KilnServer(routes);
    }

    /**
     * A server for the routes generated for {@code application} (its {@code <App>Routes}, built with no
     * instances supplied), found by name once at start-up. When the class is missing, the exception says why
     * that happens (the processor did not run) and how to fix it; prefer {@link #server(Routes)} where the
     * build always runs the processor, since then a missing class is a compile error.
     */
    public static KilnServer server(Class<?> application) {
        return new KilnServer(routes(application));
    }

    /** The routes generated for {@code application}, built with no instances supplied; see {@link #server(Class)}. */
    public static Routes routes(Class<?> application) {
        String name = routesClassName(application);
        Class<?> generated;
        try {
            generated = Class.forName(name, true, application.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(missingProcessor(application, name), e);
        }
        try {
            Object builder = generated.getMethod("builder").invoke(null);
            return (Routes) builder.getClass().getMethod("build").invoke(builder);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException("building " + name + " failed", cause);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(name + " is not a router Kiln generated: " + e, e);
        }
    }

    /**
     * The name of the class the processor generates for {@code application}: in its package, its simple name, and
     * for a nested class its enclosing classes' before it joined by {@code _}, then {@code Routes}
     * ({@code shop.Outer.App} → {@code shop.Outer_AppRoutes}).
     */
    static String routesClassName(Class<?> application) {
        StringBuilder simple = new StringBuilder(application.getSimpleName());
        for (Class<?> c = application.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
            simple.insert(0, c.getSimpleName() + "_");
        }
        String pkg = application.getPackageName();
        return (pkg.isEmpty() ? "" : pkg + ".") + simple + "Routes";
    }

    /** The one message for a missing generated router: the causes we know of, and the fix for each. */
    static String missingProcessor(Class<?> application, String generated) {
        return "Kiln found no generated routes for " + application.getName() + " (class " + generated + " is missing):"
                + " the Kiln annotation processor did not run when it was compiled. The usual causes:\n"
                + "  1. kiln-processor is not on the annotation-processor path: with Maven, list it under the"
                + " maven-compiler-plugin's <annotationProcessorPaths>; with Gradle, as an annotationProcessor dependency.\n"
                + "  2. JDK 23 or newer runs no processor found on the class path: declare the processor path as above,"
                + " or compile with -proc:full.\n"
                + "  3. An IDE build skipped annotation processing: enable it (IntelliJ: Settings > Build > Compiler >"
                + " Annotation Processors), or build with Maven once.\n"
                + "Also check that " + application.getSimpleName() + " is annotated @KilnApplication.";
    }
}
