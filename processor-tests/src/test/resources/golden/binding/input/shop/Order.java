package shop;

import java.time.Instant;
import java.util.UUID;

public record Order(UUID id, String customer, long total, Instant placed) {}
