package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a route takes, in place of the server's {@code maxBodySize}, in the settings' form: a
 * number of bytes, or of {@code KiB}, {@code MiB} or {@code GiB} ({@code "512KiB"}, {@code "2GiB"}). Checked at
 * build time. A larger body is answered 413 without being read; one that grows past
 * it while streamed ({@code @Body InputStream}) fails the handler's read with a 413.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaxBodySize {
    /** The limit, such as {@code "2GiB"}. */
    String value();
}
