package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The media type a handler's streamed response carries: {@code @Get("/export") @Produces("text/csv")}. A
 * {@code ResponseStream} parameter is opened with it (without it, {@code application/octet-stream}), and the OpenAPI
 * document describes the response with it. Checked at build time to be a {@code type/subtype}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Produces {
    /** The media type, such as {@code text/csv} or {@code application/x-ndjson}. */
    String value();
}
