package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a route's whole chain (its middleware and handler) off the event loop, for handlers that block:
 * JDBC, file I/O, a synchronous HTTP client, {@code Thread.sleep}.
 *
 * <p>On a handler method it applies to that route ({@code @Blocking @Get("/report") public Report report()});
 * on a {@link Controller} class, to every route of the class. The server runs such routes on virtual threads
 * when the JVM has them (Java 21 and newer) and on a bounded thread pool otherwise; it logs which at start-up.
 * Responses still leave each connection in request order, and the request's {@link dev.kiln.Context} stays
 * with the handler until it returns.
 *
 * <p>Everything else runs on the event loop, where one blocking call stalls every connection of that loop:
 * mark a route {@code @Blocking} whenever it might wait.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Blocking {}
