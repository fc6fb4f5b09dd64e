package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** The {@code comment} of {@code POST /api/articles/:slug/comments}: its body, required. */
@Json
public record NewComment(String body) {}
