package dev.kiln.form;

/**
 * A context that reads its request's form itself and closes it when the request ends: the server's does. A
 * {@link dev.kiln.Context} that is not one (a stand-in in a test) has its body read by {@link Forms#of} each time,
 * in memory.
 */
public interface FormSource {
    /**
     * The request's form, read on the first call and kept for the request; its temporary files are deleted when the
     * response has been written. A 415 {@link dev.kiln.bind.UnsupportedMediaType} for a body of neither form type,
     * a {@link FormRejected} for a malformed or too large one.
     */
    FormData form();
}
