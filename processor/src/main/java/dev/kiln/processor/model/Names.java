package dev.kiln.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * The runtime's types, by canonical name: the processor never loads them, so it needs no Netty and no
 * runtime jar on the annotation-processor path. {@code RuntimeNamesTest} keeps these in step.
 */
public final class Names {
    private Names() {}

    public static final String ANNOTATION_PACKAGE = "dev.kiln.annotation";
    public static final String KILN_APPLICATION = ANNOTATION_PACKAGE + ".KilnApplication";
    public static final String CONTROLLER = ANNOTATION_PACKAGE + ".Controller";
    public static final String USE = ANNOTATION_PACKAGE + ".Use";
    public static final String PATH_PARAM = ANNOTATION_PACKAGE + ".PathParam";
    public static final String QUERY = ANNOTATION_PACKAGE + ".Query";
    public static final String HEADER = ANNOTATION_PACKAGE + ".Header";
    public static final String BODY = ANNOTATION_PACKAGE + ".Body";
    public static final String COOKIE = ANNOTATION_PACKAGE + ".Cookie";
    public static final String DEFAULT = ANNOTATION_PACKAGE + ".Default";
    public static final String STATUS = ANNOTATION_PACKAGE + ".Status";
    public static final String BLOCKING = ANNOTATION_PACKAGE + ".Blocking";

    /** Route annotations by HTTP method, in the order the route table lists them. */
    public static final String[][] ROUTE_ANNOTATIONS = {
        {"GET", ANNOTATION_PACKAGE + ".Get"},
        {"HEAD", ANNOTATION_PACKAGE + ".Head"},
        {"POST", ANNOTATION_PACKAGE + ".Post"},
        {"PUT", ANNOTATION_PACKAGE + ".Put"},
        {"DELETE", ANNOTATION_PACKAGE + ".Delete"},
        {"PATCH", ANNOTATION_PACKAGE + ".Patch"},
        {"OPTIONS", ANNOTATION_PACKAGE + ".Options"},
    };

    public static final String MIDDLEWARE = "dev.kiln.Middleware";
    public static final ClassName CONTEXT = ClassName.get("dev.kiln", "Context");
    public static final ClassName MIDDLEWARE_TYPE = ClassName.get("dev.kiln", "Middleware");
    public static final ClassName ROUTES = ClassName.get("dev.kiln.routing", "Routes");
    public static final ClassName ROUTE_INFO = ClassName.get("dev.kiln", "RouteInfo");
    public static final ClassName PATH_MATCH = ClassName.get("dev.kiln.routing", "PathMatch");
    public static final ClassName METHODS = ClassName.get("dev.kiln.routing", "Methods");
    public static final ClassName RAW_PATH = ClassName.get("dev.kiln.routing", "RawPath");
    public static final ClassName RESPONSE = ClassName.get("dev.kiln", "Response");
    public static final ClassName PARAMS = ClassName.get("dev.kiln.bind", "Params");
    public static final ClassName REQUEST_REJECTED = ClassName.get("dev.kiln", "RequestRejected");
    public static final ClassName JSON_CODEC = ClassName.get("dev.kiln.json", "JsonCodec");
    public static final ClassName JSON_ADAPTER = JSON_CODEC.nestedClass("Adapter");
    public static final ClassName TYPES = ClassName.get("dev.kiln.json", "Types");
}
