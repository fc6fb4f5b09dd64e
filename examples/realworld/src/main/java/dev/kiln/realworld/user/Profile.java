package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/**
 * A user as others see them: the spec's profile, also an article's and a comment's {@code author}.
 *
 * @param following whether the viewer follows this user; false for an anonymous viewer
 */
@Json
public record Profile(String username, String bio, String image, boolean following) {}
