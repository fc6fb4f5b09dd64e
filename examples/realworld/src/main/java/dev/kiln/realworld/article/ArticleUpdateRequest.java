package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** {@code {"article":{...}}}: {@code PUT /api/articles/:slug}. */
@Json
public record ArticleUpdateRequest(ArticleUpdate article) {}
