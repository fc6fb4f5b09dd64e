package dev.kiln.realworld.article;

import dev.kiln.realworld.user.Profile;
import io.avaje.jsonb.Json;
import java.util.List;

/**
 * An article in a list: the spec's lists leave the body out (since 2024-08-16), so this is {@link Article}
 * without it.
 */
@Json
public record ArticleSummary(String slug, String title, String description, List<String> tagList,
        String createdAt, String updatedAt, boolean favorited, int favoritesCount, Profile author) {}
