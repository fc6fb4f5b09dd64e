package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;
import java.util.List;

/** The {@code article} of {@code POST /api/articles}: title, description and body required, tags optional. */
@Json
public record NewArticle(String title, String description, String body, List<String> tagList) {}
