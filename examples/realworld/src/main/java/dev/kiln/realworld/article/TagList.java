package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;
import java.util.List;

/** {@code {"tags":[...]}}: the tags of the articles there are, in alphabetical order. */
@Json
public record TagList(List<String> tags) {}
