package dev.kiln.files;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Finds a directory on the class path: a directory on disk, or a folder inside a jar. */
final class ClassPathDirectories {
    private ClassPathDirectories() {}

    /**
     * The class-path directory {@code path} (such as {@code /static}), as the context class loader (or Kiln's own)
     * finds it.
     *
     * @throws IllegalArgumentException when it is not on the class path, or in a place Kiln cannot read files from
     */
    static StaticMount.Directory find(String path, String named) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = StaticMount.class.getClassLoader();
        URL url = loader.getResource(name.isEmpty() ? "" : name + "/");
        if (url == null) url = loader.getResource(name);
        if (url == null) throw new IllegalArgumentException("static files directory " + named + " is not on the class path");
        try {
            switch (url.getProtocol()) {
                case "file":
                    return StaticMount.FileDirectory.of(Path.of(url.toURI()), named);
                case "jar":
                    JarURLConnection jar = (JarURLConnection) url.openConnection();
                    String entry = jar.getEntryName();
                    if (entry.endsWith("/")) entry = entry.substring(0, entry.length() - 1);
                    return JarDirectory.open(Path.of(jar.getJarFileURL().toURI()), entry, named);
                default:
                    throw new IllegalArgumentException("static files directory " + named + " is at " + url
                            + ", which Kiln cannot serve files from: put it in a jar or a directory on the class path");
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("static files directory " + named + " at " + url + " cannot be read: " + e, e);
        }
    }
}
