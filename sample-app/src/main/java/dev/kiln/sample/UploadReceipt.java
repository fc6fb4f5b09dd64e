package dev.kiln.sample;

import io.avaje.jsonb.Json;

/** What {@code POST /upload} answers: the file as received. */
@Json
public record UploadReceipt(String fileName, String contentType, long size, String sha256) {}
