package dev.kiln.sample.fortune;

/** One row of TechEmpower's {@code Fortune} table: an id and a message, shown as they are, escaped. */
public record Fortune(int id, String message) {}
