package dev.kiln.realworld.article;

import dev.kiln.realworld.user.Profile;
import io.avaje.jsonb.Json;

/** A comment as the spec's comment responses show it. */
@Json
public record Comment(long id, String createdAt, String updatedAt, String body, Profile author) {}
