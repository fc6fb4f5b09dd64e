package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** {@code {"article":{...}}}: {@code POST /api/articles}. */
@Json
public record NewArticleRequest(NewArticle article) {}
