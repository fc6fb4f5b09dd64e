package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the files of a directory under a path prefix, on the {@link KilnApplication} class.
 *
 * <p>The processor adds the route {@code GET <path>/*path} (which answers {@code HEAD} too) to the route table,
 * after the controllers' routes, so a route of the application under the same prefix is a compile error
 * ({@code [Kiln/CatchAllConflict]} or {@code [Kiln/DuplicateRoute]}) quoting the mount. The application's global
 * {@link Use} middleware runs for it as for any route. What a request gets (types, {@code ETag}, 304, ranges, index
 * files, what is refused) is described on {@code dev.kiln.files.StaticMount}.
 *
 * <pre>{@code
 * @KilnApplication
 * @StaticFiles(path = "/assets", directory = "classpath:/static", cacheControl = "max-age=3600")
 * public final class ShopApp { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(StaticFiles.List.class)
public @interface StaticFiles {
    /** The path prefix, such as {@code /assets}: starts with {@code /}, has no {@code :param} or {@code *catchall}. */
    String path();

    /**
     * The directory: {@code classpath:/static} for one on the class path (also inside a jar), else a path on the file
     * system, relative to the working directory the server starts in, or absolute. It must exist when the routes are
     * built.
     */
    String directory();

    /**
     * The {@code Cache-Control} of every file answer; empty for none. The default, {@code no-cache}, lets a client
     * keep a copy but ask each time, which the {@code ETag} makes a 304 when the file is unchanged.
     */
    String cacheControl() default "no-cache";

    /** Several mounts on one application. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        StaticFiles[] value();
    }
}
