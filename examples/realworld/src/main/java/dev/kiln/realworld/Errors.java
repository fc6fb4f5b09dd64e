package dev.kiln.realworld;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/**
 * The spec's error body: {@code {"errors":{"body":["can't be empty"]}}}, one list of messages per field.
 *
 * @param errors the messages, by field
 */
@Json
public record Errors(Map<String, List<String>> errors) {}
