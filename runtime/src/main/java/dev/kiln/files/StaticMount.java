package dev.kiln.files;

import dev.kiln.Context;
import dev.kiln.Problem;
import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;

/**
 * A directory of files served under a path prefix: what a {@code @StaticFiles} mount on the application becomes.
 * The generated router holds one per mount, made with {@link #mount}, and sends it every {@code GET} and
 * {@code HEAD} under the prefix (its route is {@code GET <prefix>/*path}, so a clash with a route of the
 * application is a compile error).
 *
 * <p>What a request gets: the file with its {@code Content-Type} from the extension ({@link MimeTypes}), a strong
 * {@code ETag} made of its size and modification time (as nginx makes it), {@code Last-Modified},
 * {@code Accept-Ranges: bytes} and the mount's {@code Cache-Control}; a 304 for a matching {@code If-None-Match}
 * or, without one, an {@code If-Modified-Since} not older than the file (RFC 9110 §13.1); a 206 for one byte range
 * (RFC 9110 §14) and a 416 with {@code Content-Range: bytes *}{@code /length} for an unsatisfiable one, the whole
 * file for several ranges or for an {@code If-Range} that no longer matches; for a directory, a 301 to the path
 * with a {@code /}, then its {@code index.html}. No directory is ever listed.
 *
 * <p>Nothing outside the directory is served: the name is checked by {@link SafePath} (escapes decoded once; dot
 * segments, encoded slashes and backslashes, NULs and absolute names refused), and a file on disk must have its
 * real path, symbolic links resolved, under the directory's real path. Anything refused is a 404, as for a file
 * that does not exist, so a client learns nothing of what is outside.
 *
 * <p>A directory on the file system is sent with {@link Context#file}: {@code sendfile}, no copy through the heap.
 * A class-path directory that is a directory on disk (classes of a build, an exploded jar) is served the same way;
 * one inside a jar is read from the jar: files up to {@link JarDirectory#CACHED_FILE_LIMIT} are read once and kept
 * in memory (up to {@link JarDirectory#CACHE_LIMIT} in all), larger ones are read for each request.
 */
public final class StaticMount {
    /** The {@code directory} prefix that names a directory on the class path. */
    public static final String CLASSPATH = "classpath:";
    /** The file a request for a directory gets. */
    static final String INDEX = "index.html";

    private final String prefix;
    private final String directory;
    private final String cacheControl;
    private final Directory root;

    private StaticMount(String prefix, String directory, String cacheControl, Directory root) {
        this.prefix = prefix;
        this.directory = directory;
        this.cacheControl = cacheControl.isEmpty() ? null : cacheControl;
        this.root = root;
    }

    /**
     * The files of {@code directory} under {@code prefix}.
     *
     * @param prefix       the path the files are under, such as {@code /assets}: starts with {@code /}, does not end
     *                     with one; empty for a mount at the root
     * @param directory    {@code classpath:/static} for a directory on the class path (inside a jar too), else a path
     *                     on the file system, relative to the working directory or absolute
     * @param cacheControl the {@code Cache-Control} of every file answer; empty for none
     * @throws IllegalArgumentException when the directory does not exist or is not a directory
     */
    public static StaticMount mount(String prefix, String directory, String cacheControl) {
        Objects.requireNonNull(prefix, "prefix == null");
        Objects.requireNonNull(directory, "directory == null");
        Objects.requireNonNull(cacheControl, "cacheControl == null");
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("prefix " + prefix + " must start with / and not end with one");
        }
        Directory root = directory.startsWith(CLASSPATH)
                ? ClassPathDirectories.find(directory.substring(CLASSPATH.length()), directory)
                : FileDirectory.of(Path.of(directory), directory);
        return new StaticMount(prefix, directory, cacheControl, root);
    }

    /** The path the files are under, such as {@code /assets}. */
    public String prefix() {
        return prefix;
    }

    /** The directory as mounted, such as {@code classpath:/static}. */
    public String directory() {
        return directory;
    }

    /**
     * Answers {@code ctx}'s request, a {@code GET} or {@code HEAD} of a path under the prefix, with its file, a
     * redirect, a 304, 206 or 416, or a 404.
     */
    public void serve(Context ctx) throws IOException {
        String path = ctx.path();
        String raw = path.length() > prefix.length() + 1 ? path.substring(prefix.length() + 1) : "";
        String name = SafePath.relative(raw);
        if (name == null) {
            notFound(ctx);
            return;
        }
        boolean asDirectory = name.isEmpty() || name.endsWith("/");
        if (asDirectory && !name.isEmpty()) name = name.substring(0, name.length() - 1);
        Directory.File file = root.find(name);
        if (file != null && file.isDirectory()) {
            if (!asDirectory) {
                // Relative links in the index resolve against the slash form, so send the client there.
                ctx.status(301).header("Location", path + "/");
                return;
            }
            file = root.find(name.isEmpty() ? INDEX : name + "/" + INDEX);
            if (file != null && file.isDirectory()) file = null;
        } else if (asDirectory) {
            file = null; // "a.css/" names no directory
        }
        if (file == null) {
            notFound(ctx);
            return;
        }
        answer(ctx, file, MimeTypes.of(file.name()));
    }

    private void answer(Context ctx, Directory.File file, String contentType) throws IOException {
        long size = file.size();
        long modified = file.lastModified();
        String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size) + "\"";
        String lastModified = DateFormatter.format(new Date(modified));
        ctx.header("ETag", etag).header("Last-Modified", lastModified);
        if (cacheControl != null) ctx.header("Cache-Control", cacheControl);
        if (Conditions.notModified(ctx.header("If-None-Match"), ctx.header("If-Modified-Since"), etag, modified)) {
            ctx.status(304);
            return;
        }
        ctx.header("Accept-Ranges", "bytes");
        long start = 0;
        long length = size;
        String range = ctx.header("Range");
        if (range != null && Conditions.rangeApplies(ctx.header("If-Range"), etag, lastModified)) {
            long[] r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                ctx.header("Content-Range", "bytes */" + size);
                ctx.problem(Problem.of(416, "the range " + (range.length() > 100 ? range.substring(0, 100) : range)
                        + " is outside the file's " + size + " bytes"));
                return;
            }
            if (r != null) {
                start = r[0];
                length = r[1] - r[0] + 1;
                ctx.status(206).header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
            }
        }
        file.send(ctx, start, length, contentType);
    }

    private static void notFound(Context ctx) {
        ctx.problem(Problem.of(404, null));
    }

    @Override
    public String toString() {
        return "StaticMount[" + prefix + " -> " + directory + "]";
    }

    /** A directory files are found in: on the file system, or in a jar. */
    interface Directory {
        /** The file or directory of relative {@code name} ({@code ""}: this directory), or null when there is none. */
        File find(String name) throws IOException;

        /** One file found, with what its answer needs. */
        interface File {
            String name();

            boolean isDirectory();

            long size();

            /** Milliseconds since the epoch. */
            long lastModified();

            /** Sets {@code length} bytes from {@code start} as {@code ctx}'s response body. */
            void send(Context ctx, long start, long length, String contentType) throws IOException;
        }
    }

    /** A directory on the file system, checked by real path, served with {@code sendfile}. */
    static final class FileDirectory implements Directory {
        private final Path real;

        private FileDirectory(Path real) {
            this.real = real;
        }

        static FileDirectory of(Path directory, String named) {
            try {
                Path real = directory.toRealPath();
                if (!Files.isDirectory(real)) throw new IllegalArgumentException(named + " is not a directory");
                return new FileDirectory(real);
            } catch (IOException e) {
                throw new IllegalArgumentException("static files directory " + named + " does not exist ("
                        + directory.toAbsolutePath() + ")", e);
            }
        }

        @Override
        public Directory.File find(String name) throws IOException {
            Path candidate = name.isEmpty() ? real : real.resolve(name);
            Path resolved;
            try {
                resolved = candidate.toRealPath();
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                return null; // a loop of links, a name too long, no permission: nothing to serve
            }
            if (!resolved.startsWith(real)) return null; // a symbolic link out of the directory
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(resolved, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return null;
            }
            if (!attributes.isDirectory() && !attributes.isRegularFile()) return null; // devices, pipes, sockets
            return new OnDisk(resolved, attributes);
        }

        private record OnDisk(Path path, BasicFileAttributes attributes) implements Directory.File {
            @Override
            public String name() {
                return path.getFileName().toString();
            }

            @Override
            public boolean isDirectory() {
                return attributes.isDirectory();
            }

            @Override
            public long size() {
                return attributes.size();
            }

            @Override
            public long lastModified() {
                return attributes.lastModifiedTime().toMillis();
            }

            @Override
            public void send(Context ctx, long start, long length, String contentType) throws IOException {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                try {
                    ctx.file(channel, start, length, contentType);
                } catch (RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
        }
    }

    /** A file held in memory: the bytes of a jar entry. */
    record InMemory(String name, byte[] bytes, long lastModified) implements Directory.File {
        @Override
        public boolean isDirectory() {
            return false;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void send(Context ctx, long start, long length, String contentType) {
            byte[] body = start == 0 && length == bytes.length ? bytes
                    : Arrays.copyOfRange(bytes, (int) start, (int) (start + length));
            ctx.body(body, contentType);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A directory entry of a jar: a directory to redirect to or look the index up in. */
    record JarSubdirectory(String name, long lastModified) implements Directory.File {
        @Override
        public boolean isDirectory() {
            return true;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public void send(Context ctx, long start, long length, String contentType) {
            throw new UncheckedIOException(new IOException("a directory has no content"));
        }
    }
}
