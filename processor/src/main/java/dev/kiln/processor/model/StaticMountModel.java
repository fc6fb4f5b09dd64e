package dev.kiln.processor.model;

/**
 * A {@code @StaticFiles} mount of the application: a directory served under a path prefix. It becomes the route
 * {@code GET <prefix>/*path}, whose handler is the runtime's {@code StaticMount} made from these values.
 *
 * @param prefix       the path prefix, such as {@code /assets}
 * @param directory    the directory as written, such as {@code classpath:/static}
 * @param cacheControl the {@code Cache-Control} of its answers, empty for none
 */
public record StaticMountModel(String prefix, String directory, String cacheControl) {
    /** The catch-all parameter of the mount's route: the file's path under the prefix. */
    public static final String PATH_PARAM = "path";

    /** The path as written in {@code @StaticFiles}: the prefix, or {@code /} for a mount at the root. */
    public String path() {
        return prefix.isEmpty() ? "/" : prefix;
    }

    /** How the route table and messages quote the mount: {@code @StaticFiles(classpath:/static)}. */
    public String signature() {
        return "@StaticFiles(" + directory + ")";
    }
}
