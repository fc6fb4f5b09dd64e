package dev.kiln.realworld.article;

import dev.kiln.realworld.user.Profile;
import io.avaje.jsonb.Json;
import java.util.List;

/**
 * One article as the spec's single-article responses show it.
 *
 * @param tagList        its tags, in alphabetical order
 * @param favorited      whether the viewer favorited it; false for an anonymous viewer
 * @param favoritesCount how many users favorited it
 */
@Json
public record Article(String slug, String title, String description, String body, List<String> tagList,
        String createdAt, String updatedAt, boolean favorited, int favoritesCount, Profile author) {}
