package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a {@link Query}, {@link Header} or {@link Cookie} parameter takes when the request has none,
 * converted like a sent value: {@code @Query("limit") @Default("20") int limit}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Default {
    /** The value, as it would appear in the request. */
    String value();
}
