package dev.kiln.form;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One file part of a {@code multipart/form-data} body (RFC 7578 §4.2): its name, the file name and media type the
 * client sent, its size, and its content, in memory up to the server's {@code formMemoryThreshold} and in a
 * temporary file beyond it.
 *
 * <p>An upload lives as long as its request: the temporary file is deleted when the response has been written (or
 * the connection closed first), so keep the content by {@link #moveTo(Path)}, or by reading it, before then. Note
 * that reading a large upload on the event loop blocks it: take uploads on {@code @Blocking} routes.
 */
public final class Upload {
    private final String name;
    private final String fileName;
    private final String contentType;
    private final long size;
    /** The content when it is small; null when it is in {@link #file}. */
    private final byte[] memory;
    /** The temporary file holding the content; null when it is in {@link #memory} or was moved away. */
    private Path file;
    /** Where {@link #moveTo} put the content; null until then. */
    private Path movedTo;

    Upload(String name, String fileName, String contentType, long size, byte[] memory, Path file) {
        this.name = name;
        this.fileName = fileName;
        this.contentType = contentType;
        this.size = size;
        this.memory = memory;
        this.file = file;
    }

    /** The form field's name. */
    public String name() {
        return name;
    }

    /**
     * The file name the client sent, as sent: never trust it as a path (it may hold {@code ../} or a directory);
     * may be empty, when a form was sent without a file chosen.
     */
    public String fileName() {
        return fileName;
    }

    /** The part's {@code Content-Type}; {@code application/octet-stream} when it named none. */
    public String contentType() {
        return contentType;
    }

    /** The content's length in bytes. */
    public long size() {
        return size;
    }

    /** Whether the content is in a temporary file rather than in memory. */
    public boolean inFile() {
        return memory == null;
    }

    /** The content, from the start, as a new stream each call; the caller closes it. */
    public InputStream inputStream() throws IOException {
        if (memory != null) return new ByteArrayInputStream(memory);
        return Files.newInputStream(current());
    }

    /**
     * The whole content as an array: a copy for a part in memory, read from the file for one that is not. Meant for
     * small parts; a large one is better streamed ({@link #inputStream()}) or moved.
     */
    public byte[] bytes() throws IOException {
        if (memory != null) return memory.clone();
        return Files.readAllBytes(current());
    }

    /**
     * Puts the content at {@code target}, replacing a file there: the temporary file is moved (copied and deleted
     * across file systems), a part in memory written. After a move the content is read from {@code target}, and
     * the end of the request no longer deletes it.
     */
    public synchronized void moveTo(Path target) throws IOException {
        if (memory != null) {
            Files.write(target, memory);
            return;
        }
        Path from = current();
        Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
        file = null;
        movedTo = target;
    }

    /** Deletes the temporary file, unless it was moved; quietly, since it runs when the request ends. */
    synchronized void delete() {
        Path f = file;
        file = null;
        if (f == null) return;
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete upload " + f, e);
        }
    }

    private synchronized Path current() throws IOException {
        if (file != null) return file;
        if (movedTo != null) return movedTo;
        throw new IOException("upload '" + name + "' is gone: its request has ended");
    }

    @Override
    public String toString() {
        return "Upload[" + name + ", " + fileName + ", " + contentType + ", " + size + " bytes]";
    }
}
