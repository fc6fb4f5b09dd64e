package dev.kiln.realworld.user;

import io.avaje.jsonb.Json;

/** {@code {"profile":{...}}}: the answer of the profile routes. */
@Json
public record ProfileEnvelope(Profile profile) {}
