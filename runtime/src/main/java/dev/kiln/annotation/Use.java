package dev.kiln.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Middleware for the routes below this element, run in the order listed.
 *
 * <p>On the {@link KilnApplication} class it applies to every route, on a {@link Controller}
 * class to that class's routes, on a handler method to that route alone. A route's chain is
 * global, then class, then method middleware, then the handler:
 * {@code @Use({RequestId.class, AccessLog.class}) @Controller("/api") public class OrderController}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Use {
    /**
     * Middleware classes, each a concrete class implementing {@link dev.kiln.Middleware}. Typed
     * {@code Class<?>} so that the processor, not javac's type check, reports a wrong one: its message
     * says what to do ({@code [Kiln/NotMiddleware]}).
     */
    Class<?>[] value();
}
