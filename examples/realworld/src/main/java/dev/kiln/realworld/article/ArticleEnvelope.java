package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** {@code {"article":{...}}}. */
@Json
public record ArticleEnvelope(Article article) {}
