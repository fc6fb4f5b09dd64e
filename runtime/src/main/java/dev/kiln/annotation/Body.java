package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to the request body: {@code byte[]} as sent, {@code String} decoded as UTF-8,
 * any other type read as JSON ({@code @Body NewOrder order}); a request declaring another media type than
 * JSON then gets 415, an empty or malformed body 400.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Body {

}
