package dev.kiln.processor.contract;

/**
 * A {@code static final String} of the runtime whose value the processor relies on at build time, with that value:
 * {@code RuntimeContractTest} checks that the runtime's field holds the same.
 *
 * @param field the runtime's field
 * @param value the value the processor uses
 */
public record StringConstant(Member field, String value) {}
