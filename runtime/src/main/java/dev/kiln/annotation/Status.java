package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The status a handler answers with unless it sets another: {@code @Post("/orders") @Status(201)}.
 * Set before the handler runs, so the handler (through {@code Context} or a {@code Response}) can still change it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Status {
    /** The HTTP status code. */
    int value();
}
