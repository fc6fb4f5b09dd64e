package dev.kiln.form;

import java.nio.file.Path;

/**
 * The bounds a form body is read within, from the server's settings ({@code KilnServer.formMemoryThreshold},
 * {@code maxFormParts}, {@code maxFormPartSize}, {@code maxFormSize}, {@code uploadDirectory}).
 *
 * @param memoryThreshold the bytes of a file part kept in memory; a larger part is written to a temporary file
 * @param maxParts        the most fields and parts in one body; more is a 400
 * @param maxPartSize     the largest part, or URL-encoded field (name and value, decoded), in bytes; larger is a 413
 * @param maxFormSize     the largest body, in bytes; larger is a 413
 * @param directory       where temporary files go; null for {@code java.io.tmpdir}
 */
public record FormLimits(int memoryThreshold, int maxParts, long maxPartSize, long maxFormSize, Path directory) {
    /** File parts up to this many bytes stay in memory. */
    public static final int DEFAULT_MEMORY_THRESHOLD = 16 * 1024;
    /** The most fields and parts in one body. */
    public static final int DEFAULT_MAX_PARTS = 128;
    /** The largest field or part: the server's default largest body. */
    public static final long DEFAULT_MAX_PART_SIZE = 8 * 1024 * 1024;
    /** The largest form body: the server's default largest body. */
    public static final long DEFAULT_MAX_FORM_SIZE = 8 * 1024 * 1024;
    /** Every limit at its default, temporary files in {@code java.io.tmpdir}. */
    public static final FormLimits DEFAULTS = new FormLimits(DEFAULT_MEMORY_THRESHOLD, DEFAULT_MAX_PARTS,
            DEFAULT_MAX_PART_SIZE, DEFAULT_MAX_FORM_SIZE, null);

    public FormLimits {
        if (memoryThreshold < 0) throw new IllegalArgumentException("memoryThreshold < 0: " + memoryThreshold);
        if (maxParts < 1) throw new IllegalArgumentException("maxParts < 1: " + maxParts);
        if (maxPartSize < 0) throw new IllegalArgumentException("maxPartSize < 0: " + maxPartSize);
        if (maxFormSize < 0) throw new IllegalArgumentException("maxFormSize < 0: " + maxFormSize);
    }
}
