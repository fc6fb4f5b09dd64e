package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/**
 * A user as the spec's user responses show it, with the token the request carried or the one just issued.
 */
@Json
public record User(String email, String token, String username, String bio, String image) {}
