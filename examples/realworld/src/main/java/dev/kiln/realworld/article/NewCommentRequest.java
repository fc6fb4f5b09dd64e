package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** {@code {"comment":{"body":...}}}. */
@Json
public record NewCommentRequest(NewComment comment) {}
