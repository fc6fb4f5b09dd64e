package dev.kiln.processor.model;

/**
 * A {@code @Controller} class: its path prefix and whether the generated code can create it.
 *
 * @param type          the class
 * @param prefix        the path prefix from {@code @Controller("...")}, or empty
 * @param constructible whether it has a public no-arg constructor; otherwise the builder takes an instance
 */
public record ControllerModel(JavaType.Declared type, String prefix, boolean constructible) {}
