package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a field of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
 * body, for example {@code @Form("title") String title}: the same types as {@link Query}, and
 * {@code dev.kiln.form.Upload} (or {@code Optional<Upload>}, {@code List<Upload>}) for a file part, which makes the
 * route take {@code multipart/form-data} only. A request of another media type is answered 415.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Form {
    /** The field's name; defaults to the Java parameter name. */
    String value() default "";
}
