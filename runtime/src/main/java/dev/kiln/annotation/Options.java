package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes {@code OPTIONS} requests for a path to the annotated method.
 *
 * <p>Path syntax is Gin's: static text, {@code :name} for one segment, {@code *name} for the
 * rest of the path (last only), for example {@code @Options("/users/:id")}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Options {
    /** The path template, starting with {@code /}; appended to the controller's prefix. */
    String value();
}
