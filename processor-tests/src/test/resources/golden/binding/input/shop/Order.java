package shop;

import io.avaje.jsonb.Json;
import java.time.Instant;
import java.util.UUID;

@Json
public record Order(UUID id, String customer, long total, Instant placed) {}
