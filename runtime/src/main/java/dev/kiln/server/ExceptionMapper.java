package dev.kiln.server;

import dev.kiln.ExceptionHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link ExceptionHandler}s by exception type, and the lookup that picks one for a failure: the
 * handler of the exception's own class, else of its nearest superclass.
 *
 * <p>Interfaces are not consulted: a class may implement several, and then no single one would be the most
 * specific. The lookup walks a few superclasses and runs only when a chain has failed.
 */
final class ExceptionMapper {
    private static final Logger log = LoggerFactory.getLogger(ExceptionMapper.class);

    /** No handlers: every failure is a 500. */
    static final ExceptionMapper NONE = new ExceptionMapper(Map.of());

    private final Map<Class<?>, ExceptionHandler<?>> handlers;

    ExceptionMapper(Map<Class<?>, ExceptionHandler<?>> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The handler for {@code type} or its nearest superclass; null when none is registered. */
    ExceptionHandler<?> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ExceptionHandler<?> handler = handlers.get(c);
            if (handler != null) return handler;
        }
        return null;
    }

    /**
     * Lets the handler registered for {@code failure} write the response into {@code ctx}, once.
     *
     * @return null when a handler answered; otherwise the failure to log and answer with a generic 500 (the
     *     original one, or the handler's own, which then carries the original as suppressed)
     */
    Throwable handle(Throwable failure, PooledContext ctx) {
        @SuppressWarnings("unchecked") // registered by onException(Class<T>, ExceptionHandler<? super T>)
        ExceptionHandler<Throwable> handler = (ExceptionHandler<Throwable>) find(failure.getClass());
        if (handler == null) return failure;
        ctx.resetForError();
        try {
            handler.handle(failure, ctx);
            log.debug("{} mapped by its exception handler", failure.toString());
            return null;
        } catch (Throwable second) {
            if (isFatal(second)) throw (VirtualMachineError) second;
            second.addSuppressed(failure);
            return second;
        }
    }

    /**
     * Whether {@code t} must not be answered as a 500 but rethrown: the JVM is failing (out of memory, an
     * internal error). A {@link StackOverflowError} is not fatal: the stack has unwound by the time it is caught.
     */
    static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }
}
