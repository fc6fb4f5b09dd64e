package dev.kiln.health;

/**
 * One thing readiness depends on, such as a database: it passes by returning, and fails by throwing (or by taking
 * longer than its timeout). It runs off the event loop, so it may block: {@code () -> dataSource.getConnection().close()}.
 */
@FunctionalInterface
public interface HealthCheck {
    /** Returns when the dependency is usable; throws, with a message saying why, when it is not. */
    void check() throws Exception;
}
