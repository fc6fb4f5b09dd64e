package dev.kiln.processor.model;

/**
 * A middleware class used somewhere in the application; one instance serves every chain it is in.
 *
 * @param type         the class
 * @param constructible whether the generated code can create it (public, with a public no-arg constructor)
 */
public record MiddlewareModel(JavaType.Declared type, boolean constructible) {}
