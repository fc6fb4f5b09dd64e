package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** {@code {"comment":{...}}}. */
@Json
public record CommentEnvelope(Comment comment) {}
