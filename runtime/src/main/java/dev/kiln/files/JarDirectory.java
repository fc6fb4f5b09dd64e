package dev.kiln.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A folder inside a jar. A jar entry has no file to {@code sendfile} from, so its bytes are read: a file up to
 * {@link #CACHED_FILE_LIMIT} once, then kept (up to {@link #CACHE_LIMIT} for the jar's mount in all); a larger one
 * for each request, on the thread serving it. Entry names are looked up exactly, after {@link SafePath}: a jar
 * has no symbolic links and no {@code ..}, so nothing outside the folder can be named.
 */
final class JarDirectory implements StaticMount.Directory {
    /** The largest file kept in memory once read. */
    static final int CACHED_FILE_LIMIT = 1024 * 1024;
    /** The most bytes of one mount's files kept in memory. */
    static final long CACHE_LIMIT = 32L * 1024 * 1024;

    private final ZipFile jar;
    /** The folder's entry name with a {@code /}, or empty for the jar's root. */
    private final String folder;
    private final long jarModified;
    private final ConcurrentHashMap<String, StaticMount.InMemory> cache = new ConcurrentHashMap<>();
    private final AtomicLong cached = new AtomicLong();

    private JarDirectory(ZipFile jar, String folder, long jarModified) {
        this.jar = jar;
        this.folder = folder;
        this.jarModified = jarModified;
    }

    /** The folder {@code entry} of the jar at {@code file}, which stays open while the server runs. */
    static JarDirectory open(Path file, String entry, String named) throws IOException {
        ZipFile jar = new ZipFile(file.toFile());
        String folder = entry.isEmpty() ? "" : entry + "/";
        if (!folder.isEmpty() && jar.getEntry(folder) == null && jar.stream().noneMatch(e -> e.getName().startsWith(folder))) {
            jar.close();
            throw new IllegalArgumentException("static files directory " + named + " is not in " + file);
        }
        return new JarDirectory(jar, folder, Files.getLastModifiedTime(file).toMillis());
    }

    @Override
    public File find(String name) throws IOException {
        StaticMount.InMemory known = cache.get(name);
        if (known != null) return known;
        String full = folder + name;
        if (name.isEmpty()) return new StaticMount.JarSubdirectory("", jarModified);
        ZipEntry entry = jar.getEntry(full);
        if (entry == null) {
            return jar.getEntry(full + "/") != null ? new StaticMount.JarSubdirectory(name, jarModified) : null;
        }
        long modified = entry.getTime() > 0 ? entry.getTime() : jarModified;
        if (entry.isDirectory() || full.endsWith("/")) return new StaticMount.JarSubdirectory(name, modified);
        if (jar.getEntry(full + "/") != null) return new StaticMount.JarSubdirectory(name, modified);
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        }
        String simple = name.substring(name.lastIndexOf('/') + 1);
        StaticMount.InMemory file = new StaticMount.InMemory(simple, bytes, modified);
        if (bytes.length <= CACHED_FILE_LIMIT && cached.addAndGet(bytes.length) <= CACHE_LIMIT) {
            cache.putIfAbsent(name, file);
        }
        return file;
    }
}
