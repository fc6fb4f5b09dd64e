package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose public handler methods ({@link Get}, {@link Post}, ...) are routes.
 *
 * <p>The value is a path prefix for every route of the class, like a route group in Gin:
 * {@code @Controller("/api/v1")} with {@code @Get("/orders/:id")} serves {@code /api/v1/orders/:id}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Controller {
    /** Path prefix for every route in this class; empty for none. Must start with {@code /} when set. */
    String value() default "";
}
