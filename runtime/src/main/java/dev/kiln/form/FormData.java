package dev.kiln.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields and file parts of one form body, read by a {@link FormParser}. Values are kept in request order. It
 * belongs to its request: {@link #close()}, which the server calls when the response has been written, deletes the
 * temporary files of its uploads.
 */
public final class FormData implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FormData.class);

    private final boolean multipart;
    private final Map<String, List<String>> fields;
    private final Map<String, List<Upload>> uploads;

    FormData(boolean multipart, Map<String, List<String>> fields, Map<String, List<Upload>> uploads) {
        this.multipart = multipart;
        this.fields = fields;
        this.uploads = uploads;
    }

    /** An empty form of either encoding: what a body of zero bytes is. */
    static FormData empty(boolean multipart) {
        return new FormData(multipart, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** Whether the body was {@code multipart/form-data} (else {@code application/x-www-form-urlencoded}). */
    public boolean isMultipart() {
        return multipart;
    }

    /** The first value of field {@code name}; null when absent. A file part is no field: see {@link #upload}. */
    public String field(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.get(0);
    }

    /** Every value of field {@code name}, in request order; empty when absent. */
    public List<String> fields(String name) {
        List<String> values = fields.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** The names of the fields, in the order they first came. */
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /** The first file part named {@code name}; null when absent. */
    public Upload upload(String name) {
        List<Upload> values = uploads.get(name);
        return values == null ? null : values.get(0);
    }

    /** Every file part named {@code name}, in request order; empty when absent. */
    public List<Upload> uploads(String name) {
        List<Upload> values = uploads.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** Every file part, in request order. */
    public List<Upload> uploads() {
        List<Upload> all = new ArrayList<>();
        uploads.values().forEach(all::addAll);
        return all;
    }

    /** Deletes the temporary files of the uploads not moved away; each is tried, a failure logged. */
    @Override
    public void close() {
        for (List<Upload> parts : uploads.values()) {
            for (Upload upload : parts) {
                try {
                    upload.delete();
                } catch (RuntimeException e) {
                    log.warn("A temporary upload file could not be deleted", e);
                }
            }
        }
    }
}
