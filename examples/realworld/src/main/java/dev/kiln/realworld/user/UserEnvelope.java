package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** {@code {"user":{...}}}: the answer of registration, login, and the current-user routes. */
@Json
public record UserEnvelope(User user) {}
