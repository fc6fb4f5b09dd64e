package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a path parameter ({@code :name} or {@code *name}) of its route.
 *
 * <p>The name defaults to the Java parameter name: {@code @Get("/users/:id") get(@PathParam String id)}.
 * The value is percent-decoded after matching, so {@code %2F} in it never splits a segment.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface PathParam {
    /** The path parameter name; defaults to the Java parameter name. */
    String value() default "";
}
