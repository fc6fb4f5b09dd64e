package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;

/** The {@code article} of {@code PUT /api/articles/:slug}: the fields to change; a new title makes a new slug. */
@Json
public record ArticleUpdate(String title, String description, String body) {}
