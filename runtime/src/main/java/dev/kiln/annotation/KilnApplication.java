package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one class of an application from which the processor generates its router.
 *
 * <p>For a class {@code ShopApp} the processor writes {@code ShopAppRoutes} in the same package,
 * routing to every {@link Controller} method in the compilation. {@link Use} on this class
 * declares global middleware, which runs first on every route.
 *
 * <pre>{@code
 * @KilnApplication
 * public final class ShopApp {
 *     public static void main(String[] args) {
 *         Kiln.server(ShopAppRoutes.builder().build()).port(8080).start();
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface KilnApplication {

}
