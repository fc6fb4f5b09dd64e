package dev.kiln.processor.contract;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * Everything of the runtime that the processor reads or generated code uses, by name: the processor never
 * loads the runtime (it needs no Netty on the annotation-processor path), so these constants are its only
 * knowledge of it. The same goes for avaje-jsonb, the library of the runtime's default JSON codec: the processor
 * reads its annotations from mirrors, by these names, and does not depend on it. Types are {@link ClassName}s;
 * fields, methods and constructors are {@link Member}s with their erased signatures; values the processor relies
 * on are {@link IntConstant}s.
 *
 * <p>{@code RuntimeContractTest} loads the runtime and checks every static field of this class by reflection,
 * signatures included, and fails for a field of a kind it cannot check: a constant cannot be added unchecked.
 * Emitters write runtime names only through these constants ({@code $T} with a type, {@code $N} with a
 * member's name), never as text in a format string.
 */
public final class RuntimeContract {
    private RuntimeContract() {}

    // ---- the JDK types in the signatures below ----
    private static final ClassName OBJECT = ClassName.get("java.lang", "Object");
    private static final ClassName STRING = ClassName.get("java.lang", "String");
    private static final ClassName CHAR_SEQUENCE = ClassName.get("java.lang", "CharSequence");
    private static final ClassName CLASS = ClassName.get("java.lang", "Class");
    private static final ClassName ENUM = ClassName.get("java.lang", "Enum");
    private static final ClassName EXCEPTION = ClassName.get("java.lang", "Exception");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
    private static final ClassName FUNCTION = ClassName.get("java.util.function", "Function");
    private static final ClassName COMPLETION_STAGE = ClassName.get("java.util.concurrent", "CompletionStage");
    private static final ClassName BYTE_BUFFER = ClassName.get("java.nio", "ByteBuffer");
    private static final ClassName REFLECT_TYPE = ClassName.get("java.lang.reflect", "Type");
    private static final ClassName PARAMETERIZED_TYPE = ClassName.get("java.lang.reflect", "ParameterizedType");
    private static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);

    // ---- annotations, read from mirrors ----
    public static final ClassName KILN_APPLICATION = ClassName.get("dev.kiln.annotation", "KilnApplication");
    public static final ClassName BLOCKING = ClassName.get("dev.kiln.annotation", "Blocking");
    public static final ClassName BODY = ClassName.get("dev.kiln.annotation", "Body");
    public static final ClassName CONTROLLER = ClassName.get("dev.kiln.annotation", "Controller");
    /** {@code @Controller("/prefix")}. */
    public static final Member CONTROLLER_VALUE = annotationValue("Controller", STRING);
    /** {@code @Use({A.class, B.class})}. */
    public static final Member USE_VALUE = annotationValue("Use", ArrayTypeName.of(CLASS));
    public static final Member PATH_PARAM_VALUE = annotationValue("PathParam", STRING);
    public static final Member QUERY_VALUE = annotationValue("Query", STRING);
    public static final Member HEADER_VALUE = annotationValue("Header", STRING);
    public static final Member COOKIE_VALUE = annotationValue("Cookie", STRING);
    public static final Member FORM_VALUE = annotationValue("Form", STRING);
    public static final Member DEFAULT_VALUE = annotationValue("Default", STRING);
    public static final Member STATUS_VALUE = annotationValue("Status", TypeName.INT);
    public static final Member PRODUCES_VALUE = annotationValue("Produces", STRING);
    public static final Member MAX_BODY_SIZE_VALUE = annotationValue("MaxBodySize", STRING);
    /**
     * The route annotations' paths ({@code @Get("/path")}): the annotation is each one's owner. In the order of
     * {@link dev.kiln.processor.tree.HttpMethod}, one per method.
     */
    public static final List<Member> ROUTE_ANNOTATIONS = List.of(annotationValue("Get", STRING),
            annotationValue("Head", STRING), annotationValue("Post", STRING), annotationValue("Put", STRING),
            annotationValue("Delete", STRING), annotationValue("Patch", STRING), annotationValue("Options", STRING));

    /** {@code @StaticFiles(path = "/assets", directory = "classpath:/static", cacheControl = "...")}. */
    public static final ClassName STATIC_FILES = ClassName.get("dev.kiln.annotation", "StaticFiles");
    public static final Member STATIC_FILES_PATH = Member.method(STATIC_FILES, "path", STRING);
    public static final Member STATIC_FILES_DIRECTORY = Member.method(STATIC_FILES, "directory", STRING);
    public static final Member STATIC_FILES_CACHE_CONTROL = Member.method(STATIC_FILES, "cacheControl", STRING);
    /** The container of repeated {@code @StaticFiles}. */
    public static final Member STATIC_FILES_LIST_VALUE = Member.method(STATIC_FILES.nestedClass("List"), "value",
            ArrayTypeName.of(STATIC_FILES));

    // ---- types user code and generated code name ----
    public static final ClassName CONTEXT = ClassName.get("dev.kiln", "Context");
    public static final ClassName RESULT_WRITER = CONTEXT.nestedClass("ResultWriter");
    public static final ClassName MIDDLEWARE = ClassName.get("dev.kiln", "Middleware");
    public static final ClassName RESPONSE = ClassName.get("dev.kiln", "Response");
    public static final ClassName ROUTE_INFO = ClassName.get("dev.kiln", "RouteInfo");
    public static final ClassName ROUTES = ClassName.get("dev.kiln.routing", "Routes");
    public static final ClassName PATH_MATCH = ClassName.get("dev.kiln.routing", "PathMatch");
    public static final ClassName METHODS = ClassName.get("dev.kiln.routing", "Methods");
    public static final ClassName RAW_PATH = ClassName.get("dev.kiln.routing", "RawPath");
    public static final ClassName PARAMS = ClassName.get("dev.kiln.bind", "Params");
    public static final ClassName CONVERTER = PARAMS.nestedClass("Converter");
    public static final ClassName JSON_CODEC = ClassName.get("dev.kiln.json", "JsonCodec");
    public static final ClassName JSON_ADAPTER = JSON_CODEC.nestedClass("Adapter");
    public static final ClassName TYPES = ClassName.get("dev.kiln.json", "Types");

    // ---- @Status ----
    /** The lowest status {@code @Status} takes: the runtime's {@code Response.MIN_STATUS}. */
    public static final IntConstant MIN_STATUS = new IntConstant(Member.field(RESPONSE, "MIN_STATUS", TypeName.INT).asStatic(), 200);
    /** The highest status {@code @Status} takes: the runtime's {@code Response.MAX_STATUS}. */
    public static final IntConstant MAX_STATUS = new IntConstant(Member.field(RESPONSE, "MAX_STATUS", TypeName.INT).asStatic(), 599);

    // ---- what the generated Routes subclass overrides and calls ----
    /** {@code super(routes, json, FORMAT)}. */
    public static final Member ROUTES_CONSTRUCTOR = Member.constructor(ROUTES, LIST, JSON_CODEC, TypeName.INT).asProtected();
    /** The router format the generated code was written for, passed to the constructor. */
    public static final Member ROUTES_FORMAT = Member.field(ROUTES, "FORMAT", TypeName.INT).asStatic();
    public static final Member ROUTES_JSON = Member.method(ROUTES, "json", JSON_CODEC);
    public static final Member ROUTES_MATCH = Member.method(ROUTES, "match", TypeName.INT, TypeName.INT, STRING, TypeName.INT,
            PATH_MATCH).throwing(EXCEPTION);
    public static final Member ROUTES_STEP = Member.method(ROUTES, "step", TypeName.VOID, TypeName.INT, TypeName.INT, CONTEXT)
            .throwing(EXCEPTION);
    public static final Member ROUTES_MAX_PARAMS = Member.method(ROUTES, "maxParams", TypeName.INT);
    /** How many global middleware run for requests no route matched. */
    public static final Member ROUTES_GLOBAL_MIDDLEWARE_COUNT = Member.method(ROUTES, "globalMiddlewareCount", TypeName.INT);
    public static final Member ROUTES_STEP_GLOBAL = Member.method(ROUTES, "stepGlobal", TypeName.VOID, TypeName.INT, CONTEXT)
            .throwing(EXCEPTION);
    public static final Member ROUTE_INFO_CONSTRUCTOR = Member.constructor(ROUTE_INFO, STRING, STRING, STRING, LIST, LIST);
    /** The same, for a {@code @Blocking} route. */
    public static final Member ROUTE_INFO_BLOCKING_CONSTRUCTOR = Member.constructor(ROUTE_INFO, STRING, STRING, STRING, LIST,
            LIST, TypeName.BOOLEAN);
    /** {@code RouteInfo.withBody(maxBodySize, streamsBody)}: a route's own body policy. */
    public static final Member ROUTE_INFO_WITH_BODY = Member.method(ROUTE_INFO, "withBody", ROUTE_INFO, TypeName.LONG,
            TypeName.BOOLEAN);
    /** The largest body the runtime can gather into one buffer. */
    public static final IntConstant MAX_GATHERED_BODY = new IntConstant(
            Member.field(ROUTE_INFO, "MAX_GATHERED_BODY", TypeName.INT).asStatic(), Integer.MAX_VALUE - 8);
    public static final Member JSON_CODEC_AVAJE = Member.method(JSON_CODEC, "avaje", JSON_CODEC).asStatic();
    public static final Member JSON_CODEC_ADAPTER = Member.method(JSON_CODEC, "adapter", JSON_ADAPTER, REFLECT_TYPE);
    public static final Member TYPES_PARAMETERIZED = Member.method(TYPES, "parameterized", PARAMETERIZED_TYPE, CLASS,
            ArrayTypeName.of(REFLECT_TYPE)).asStatic();

    // ---- the router ----
    /** The bits of the HTTP methods, {@code Methods.GET} and so on, in the order of {@link dev.kiln.processor.tree.HttpMethod}. */
    public static final List<Member> METHOD_BITS = List.of(methodBit("GET"), methodBit("HEAD"), methodBit("POST"),
            methodBit("PUT"), methodBit("DELETE"), methodBit("PATCH"), methodBit("OPTIONS"));
    public static final Member PATH_MATCH_OFFSETS = Member.field(PATH_MATCH, "offsets", ArrayTypeName.of(TypeName.INT));
    public static final Member PATH_MATCH_ALLOWED = Member.field(PATH_MATCH, "allowed", TypeName.INT);
    public static final Member PATH_MATCH_RUNS = Member.field(PATH_MATCH, "runs", TypeName.BOOLEAN);
    public static final Member PATH_MATCH_START = Member.method(PATH_MATCH, "start", CONTEXT, TypeName.INT);
    public static final Member RAW_PATH_SEGMENT_END = Member.method(RAW_PATH, "segmentEnd", TypeName.INT, STRING,
            TypeName.INT, TypeName.INT).asStatic();

    // ---- the chains ----
    /** A {@code @StaticFiles} mount at run time: made once by the generated constructor, serves its route. */
    public static final ClassName STATIC_MOUNT = ClassName.get("dev.kiln.files", "StaticMount");
    public static final Member STATIC_MOUNT_MOUNT = Member.method(STATIC_MOUNT, "mount", STATIC_MOUNT, STRING, STRING, STRING)
            .asStatic();
    public static final Member STATIC_MOUNT_SERVE = Member.method(STATIC_MOUNT, "serve", TypeName.VOID, CONTEXT)
            .throwing(ClassName.get("java.io", "IOException"));
    public static final Member MIDDLEWARE_HANDLE = Member.method(MIDDLEWARE, "handle", TypeName.VOID, CONTEXT).throwing(EXCEPTION);
    public static final Member CONTEXT_PARAM = Member.method(CONTEXT, "param", STRING, TypeName.INT);
    public static final Member CONTEXT_QUERY = Member.method(CONTEXT, "query", STRING, STRING);
    public static final Member CONTEXT_QUERIES = Member.method(CONTEXT, "queries", LIST, STRING);
    public static final Member CONTEXT_HEADER = Member.method(CONTEXT, "header", STRING, STRING);
    public static final Member CONTEXT_HEADERS = Member.method(CONTEXT, "headers", LIST, STRING);
    public static final Member CONTEXT_COOKIE = Member.method(CONTEXT, "cookie", STRING, STRING);
    public static final Member CONTEXT_BODY = Member.method(CONTEXT, "body", BYTES);
    public static final Member CONTEXT_BODY_TEXT = Member.method(CONTEXT, "bodyText", STRING);
    public static final Member CONTEXT_BODY_STREAM = Member.method(CONTEXT, "bodyStream", ClassName.get("java.io", "InputStream"));
    public static final Member CONTEXT_STATUS = Member.method(CONTEXT, "status", CONTEXT, TypeName.INT);
    public static final Member CONTEXT_TEXT = Member.method(CONTEXT, "text", CONTEXT, CHAR_SEQUENCE);
    /** Writes a rendered template model as {@code text/html; charset=utf-8}. */
    public static final Member CONTEXT_HTML = Member.method(CONTEXT, "html", CONTEXT, CHAR_SEQUENCE);
    /** Writes a {@code byte[]} result; the same name takes a {@code ByteBuffer} ({@link #CONTEXT_BYTES_BUFFER}). */
    public static final Member CONTEXT_BYTES = Member.method(CONTEXT, "bytes", CONTEXT, BYTES);
    public static final Member CONTEXT_BYTES_BUFFER = Member.method(CONTEXT, "bytes", CONTEXT, BYTE_BUFFER);
    public static final Member CONTEXT_RESPOND = Member.method(CONTEXT, "respond", CONTEXT, RESPONSE);
    /** {@code ctx.json(adapter, value)}. */
    public static final Member CONTEXT_JSON = Member.method(CONTEXT, "json", CONTEXT, JSON_ADAPTER, OBJECT);
    public static final ClassName RESPONSE_STREAM = ClassName.get("dev.kiln", "ResponseStream");
    public static final Member CONTEXT_STREAM = Member.method(CONTEXT, "stream", RESPONSE_STREAM, STRING);
    public static final ClassName EVENT_STREAM = ClassName.get("dev.kiln.sse", "EventStream");
    public static final Member EVENT_STREAM_OPEN = Member.method(EVENT_STREAM, "open", EVENT_STREAM, CONTEXT).asStatic();
    /** The media type {@code EventStream.open} answers with, for the OpenAPI document. */
    public static final StringConstant EVENT_STREAM_MEDIA_TYPE = new StringConstant(
            Member.field(EVENT_STREAM, "CONTENT_TYPE", STRING).asStatic(), "text/event-stream");
    public static final Member CONTEXT_DEFER = Member.method(CONTEXT, "defer", TypeName.VOID, COMPLETION_STAGE, RESULT_WRITER);
    /** What the result writer of an async route implements: a lambda or a method reference of this shape. */
    public static final Member RESULT_WRITER_WRITE = Member.method(RESULT_WRITER, "write", TypeName.VOID, CONTEXT, OBJECT)
            .throwing(EXCEPTION);

    // ---- binding: Params ----
    /** What a converter passed to {@code nullable}, {@code optional} and {@code list} implements ({@code Params::toInt}). */
    public static final Member CONVERTER_CONVERT = Member.method(CONVERTER, "convert", OBJECT, STRING, STRING, STRING);
    public static final Member PARAMS_OR = Member.method(PARAMS, "or", STRING, STRING, STRING).asStatic();
    public static final Member PARAMS_STRING = Member.method(PARAMS, "string", STRING, STRING, STRING, STRING).asStatic();
    public static final Member PARAMS_TO_INT = primitive("toInt", TypeName.INT);
    public static final Member PARAMS_TO_LONG = primitive("toLong", TypeName.LONG);
    public static final Member PARAMS_TO_SHORT = primitive("toShort", TypeName.SHORT);
    public static final Member PARAMS_TO_BYTE = primitive("toByte", TypeName.BYTE);
    public static final Member PARAMS_TO_DOUBLE = primitive("toDouble", TypeName.DOUBLE);
    public static final Member PARAMS_TO_FLOAT = primitive("toFloat", TypeName.FLOAT);
    public static final Member PARAMS_TO_BOOLEAN = primitive("toBoolean", TypeName.BOOLEAN);
    public static final Member PARAMS_TO_CHAR = primitive("toChar", TypeName.CHAR);
    public static final Member PARAMS_TO_ENUM = Member.method(PARAMS, "toEnum", ENUM, STRING, CLASS, STRING, STRING).asStatic();
    public static final Member PARAMS_CONVERT = Member.method(PARAMS, "convert", OBJECT, STRING, FUNCTION, STRING, STRING,
            STRING).asStatic();
    public static final Member PARAMS_NULLABLE = Member.method(PARAMS, "nullable", OBJECT, STRING, CONVERTER, STRING, STRING)
            .asStatic();
    public static final Member PARAMS_OPTIONAL = Member.method(PARAMS, "optional", OPTIONAL, STRING, CONVERTER, STRING, STRING)
            .asStatic();
    public static final Member PARAMS_OPTIONAL_ENUM = Member.method(PARAMS, "optionalEnum", OPTIONAL, STRING, CLASS, STRING,
            STRING).asStatic();
    public static final Member PARAMS_OPTIONAL_OF = Member.method(PARAMS, "optionalOf", OPTIONAL, STRING, FUNCTION, STRING,
            STRING, STRING).asStatic();
    public static final Member PARAMS_LIST = Member.method(PARAMS, "list", LIST, LIST, CONVERTER, STRING, STRING).asStatic();
    public static final Member PARAMS_LIST_ENUM = Member.method(PARAMS, "listEnum", LIST, LIST, CLASS, STRING, STRING)
            .asStatic();
    public static final Member PARAMS_LIST_OF = Member.method(PARAMS, "listOf", LIST, LIST, FUNCTION, STRING, STRING, STRING)
            .asStatic();
    // ---- binding: Forms (dev.kiln.form) ----
    public static final ClassName FORMS = ClassName.get("dev.kiln.form", "Forms");
    /** A file part of a multipart body: a parameter of this type (or Optional, List of it) makes the route multipart. */
    public static final ClassName UPLOAD = ClassName.get("dev.kiln.form", "Upload");
    public static final Member FORMS_FIELD = Member.method(FORMS, "field", STRING, CONTEXT, STRING).asStatic();
    public static final Member FORMS_FIELDS = Member.method(FORMS, "fields", LIST, CONTEXT, STRING).asStatic();
    public static final Member FORMS_UPLOAD = Member.method(FORMS, "upload", UPLOAD, CONTEXT, STRING).asStatic();
    public static final Member FORMS_OPTIONAL_UPLOAD = Member.method(FORMS, "optionalUpload", OPTIONAL, CONTEXT, STRING)
            .asStatic();
    public static final Member FORMS_UPLOADS = Member.method(FORMS, "uploads", LIST, CONTEXT, STRING).asStatic();

    /** Reads the body as JSON: 415 for another media type, 400 when empty or malformed. */
    public static final Member PARAMS_JSON = Member.method(PARAMS, "json", OBJECT, CONTEXT, JSON_ADAPTER, STRING, STRING)
            .asStatic();

    // ---- validation: what generated checks call ----
    public static final ClassName VIOLATIONS = ClassName.get("dev.kiln.bind", "Violations");
    public static final ClassName CHECKS = ClassName.get("dev.kiln.bind", "Checks");
    public static final ClassName INVALID_REQUEST = ClassName.get("dev.kiln.bind", "InvalidRequest");
    /** {@code Violations.add(violations, name, in, detail)}: the collector, made on the first violation. */
    public static final Member VIOLATIONS_ADD = Member.method(VIOLATIONS, "add", VIOLATIONS, VIOLATIONS, STRING, STRING,
            STRING).asStatic();
    public static final Member VIOLATIONS_SIZE = Member.method(VIOLATIONS, "size", TypeName.INT, VIOLATIONS).asStatic();
    /** {@code Violations.nest(violations, from, field, index)}: a nested record's violations get the field's path. */
    public static final Member VIOLATIONS_NEST = Member.method(VIOLATIONS, "nest", TypeName.VOID, VIOLATIONS, TypeName.INT,
            STRING, TypeName.INT).asStatic();
    public static final Member VIOLATIONS_REJECTED = Member.method(VIOLATIONS, "rejected", INVALID_REQUEST);
    public static final Member CHECKS_IS_BLANK = Member.method(CHECKS, "isBlank", TypeName.BOOLEAN, CHAR_SEQUENCE).asStatic();
    public static final Member CHECKS_IS_EMAIL = Member.method(CHECKS, "isEmail", TypeName.BOOLEAN, CHAR_SEQUENCE).asStatic();
    public static final Member CHECKS_COMPARE_BIG_INTEGER = Member.method(CHECKS, "compare", TypeName.INT,
            ClassName.get("java.math", "BigInteger"), TypeName.LONG).asStatic();
    public static final Member CHECKS_COMPARE_BIG_DECIMAL = Member.method(CHECKS, "compare", TypeName.INT,
            ClassName.get("java.math", "BigDecimal"), TypeName.LONG).asStatic();

    // ---- Jakarta Bean Validation's annotations (jakarta.validation-api, the application's dependency), from mirrors ----
    /** {@code @Valid}: the record a field holds, or each of a list's, is checked with its own constraints. */
    public static final ClassName JAKARTA_VALID = ClassName.get("jakarta.validation", "Valid");
    /**
     * {@code message()} of each constraint Kiln checks, in the order of {@code Constraint.Kind}: the annotation is
     * each one's owner. Any other annotation of their package is an error, never ignored.
     */
    public static final List<Member> JAKARTA_MESSAGES = List.of(jakartaMessage("NotNull"), jakartaMessage("NotEmpty"),
            jakartaMessage("NotBlank"), jakartaMessage("Size"), jakartaMessage("Min"), jakartaMessage("Max"),
            jakartaMessage("Positive"), jakartaMessage("PositiveOrZero"), jakartaMessage("Pattern"), jakartaMessage("Email"));
    public static final Member JAKARTA_SIZE_MIN = Member.method(jakarta("Size"), "min", TypeName.INT);
    public static final Member JAKARTA_SIZE_MAX = Member.method(jakarta("Size"), "max", TypeName.INT);
    public static final Member JAKARTA_MIN_VALUE = Member.method(jakarta("Min"), "value", TypeName.LONG);
    public static final Member JAKARTA_MAX_VALUE = Member.method(jakarta("Max"), "value", TypeName.LONG);
    public static final Member JAKARTA_PATTERN_REGEXP = Member.method(jakarta("Pattern"), "regexp", STRING);
    /** {@code @Pattern(flags = ...)}, which Kiln does not take: inline flags such as {@code (?i)} do the same. */
    public static final Member JAKARTA_PATTERN_FLAGS = Member.method(jakarta("Pattern"), "flags",
            ArrayTypeName.of(jakarta("Pattern").nestedClass("Flag")));
    /** {@code @Email(regexp = ...)}, which Kiln does not take: add an {@code @Pattern} instead. */
    public static final Member JAKARTA_EMAIL_REGEXP = Member.method(jakarta("Email"), "regexp", STRING);

    // ---- avaje-jsonb, the default codec's library: what gives a type its adapter (JsonAdapters) ----
    /** {@code @Json} on a type: avaje-jsonb-generator writes its adapter. Kept in class files, so seen on jars too. */
    public static final ClassName AVAJE_JSON = ClassName.get("io.avaje.jsonb", "Json");
    public static final ClassName AVAJE_JSON_IMPORT = AVAJE_JSON.nestedClass("Import");
    /** {@code @Json.Import(Order.class)}: the generator writes adapters for types it cannot annotate. */
    public static final Member AVAJE_JSON_IMPORT_VALUE = Member.method(AVAJE_JSON_IMPORT, "value", ArrayTypeName.of(CLASS));
    public static final Member AVAJE_JSON_IMPORT_SUBTYPES = Member.method(AVAJE_JSON_IMPORT, "subtypes",
            ArrayTypeName.of(AVAJE_JSON.nestedClass("SubType")));
    /** The container of repeated {@code @Json.Import}s. */
    public static final Member AVAJE_JSON_IMPORTS_VALUE = Member.method(AVAJE_JSON_IMPORT.nestedClass("Imports"), "value",
            ArrayTypeName.of(AVAJE_JSON_IMPORT));
    /** {@code @Json.MixIn(Order.class)} on a class whose annotations the generator applies to {@code Order}. */
    public static final Member AVAJE_JSON_MIXIN_VALUE = Member.method(AVAJE_JSON.nestedClass("MixIn"), "value", CLASS);
    /** {@code @Json.Value} on a method: its class is written as that method's value. */
    public static final ClassName AVAJE_JSON_VALUE = AVAJE_JSON.nestedClass("Value");
    /** {@code @Json.SubType(type = Dog.class)} on a {@code @Json} type. */
    public static final Member AVAJE_JSON_SUBTYPE_TYPE = Member.method(AVAJE_JSON.nestedClass("SubType"), "type", CLASS);
    /** The container of repeated {@code @Json.SubType}s. */
    public static final Member AVAJE_JSON_SUBTYPES_VALUE = Member.method(AVAJE_JSON.nestedClass("SubTypes"), "value",
            ArrayTypeName.of(AVAJE_JSON.nestedClass("SubType")));
    /** What an adapter implements, generated or written by hand ({@code @CustomAdapter}): it covers its type argument. */
    public static final ClassName AVAJE_JSON_ADAPTER = ClassName.get("io.avaje.json", "JsonAdapter");
    /** A factory of adapters for types no one can tell before run time. */
    public static final ClassName AVAJE_ADAPTER_FACTORY = ClassName.get("io.avaje.jsonb", "AdapterFactory");
    /** What registers adapters with a {@code Jsonb} when it is built, found by {@code ServiceLoader}. */
    public static final ClassName AVAJE_COMPONENT = ClassName.get("io.avaje.jsonb.spi", "JsonbComponent");
    /** On the classes the generator writes. */
    public static final ClassName AVAJE_GENERATED = ClassName.get("io.avaje.jsonb.spi", "Generated");

    /** {@code value()} of annotation {@code simpleName}, as every Kiln annotation with a member names it. */
    private static Member annotationValue(String simpleName, TypeName type) {
        return Member.method(ClassName.get("dev.kiln.annotation", simpleName), "value", type);
    }

    private static ClassName jakarta(String simpleName) {
        return ClassName.get("jakarta.validation.constraints", simpleName);
    }

    private static Member jakartaMessage(String simpleName) {
        return Member.method(jakarta(simpleName), "message", STRING);
    }

    private static Member methodBit(String method) {
        return Member.field(METHODS, method, TypeName.INT).asStatic();
    }

    /** {@code Params.toInt(raw, name, in)} and the like. */
    private static Member primitive(String name, TypeName type) {
        return Member.method(PARAMS, name, type, STRING, STRING, STRING).asStatic();
    }
}
