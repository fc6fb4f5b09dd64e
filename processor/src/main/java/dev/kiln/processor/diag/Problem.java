package dev.kiln.processor.diag;

/**
 * Every problem the processor reports, as a catalogue: its stable tag, whether it fails the build, and what it
 * means in one line.
 *
 * <p>A message reads {@code [Kiln/<tag>] what is wrong. How to fix it.}; the tag is what users and tests search
 * for, so a tag never changes once released. The README's "Compile errors" section lists every one with an
 * example, and {@code DiagnosticsTest} has a test for each (both checked by tests).
 */
public enum Problem {
    // ---- the application ----
    TWO_APPLICATIONS("TwoApplications", Severity.ERROR, "A second @KilnApplication class in one compilation."),
    NO_APPLICATION("NoApplication", Severity.WARNING, "Controllers, but no @KilnApplication class: no router is generated."),
    MISSING_CONTROLLER("MissingController", Severity.ERROR, "A route annotation in a class without @Controller."),

    // ---- controllers ----
    CONTROLLER_KIND("ControllerKind", Severity.ERROR, "@Controller on an interface, enum, record or annotation."),
    INNER_CONTROLLER("InnerController", Severity.ERROR, "A controller that is an inner (non-static nested) class."),
    ABSTRACT_CONTROLLER("AbstractController", Severity.ERROR, "An abstract controller class."),
    CONTROLLER_NOT_PUBLIC("ControllerNotPublic", Severity.ERROR, "A controller the generated router's package cannot see."),

    // ---- paths ----
    PATH_START("PathStart", Severity.ERROR, "A path or controller prefix that does not start with '/'."),
    PATH_CHARACTER("PathCharacter", Severity.ERROR, "A character a path template cannot hold, or a parameter name that is not a name."),
    EMPTY_PARAM_NAME("EmptyParamName", Severity.ERROR, "A ':' or '*' without a name."),
    DUPLICATE_PARAM_NAME("DuplicateParamName", Severity.ERROR, "One parameter name twice in a path."),
    CATCH_ALL_NOT_LAST("CatchAllNotLast", Severity.ERROR, "A '*catchall' before the end of the path."),
    DOT_SEGMENT("DotSegment", Severity.ERROR, "A '.' or '..' segment, which no request reaches."),
    EMPTY_SEGMENT("EmptySegment", Severity.ERROR, "An empty segment ('//'), which no request reaches."),

    // ---- routes against each other ----
    DUPLICATE_ROUTE("DuplicateRoute", Severity.ERROR, "Two handlers for one method and path."),
    PARAM_NAME_CONFLICT("ParamNameConflict", Severity.ERROR, "Two routes naming the parameter at one position differently."),
    CATCH_ALL_CONFLICT("CatchAllConflict", Severity.ERROR, "A ':param' and a '*catchall' at one position."),

    // ---- static files ----
    STATIC_FILES_MOUNT("StaticFilesMount", Severity.ERROR,
            "A @StaticFiles path with a parameter or a trailing '/', a directory that is empty or the whole class path,"
                    + " or @StaticFiles on a class other than the application."),

    // ---- handlers ----
    HANDLER_NOT_PUBLIC("HandlerNotPublic", Severity.ERROR, "A handler method that is not public."),
    HANDLER_STATIC("HandlerStatic", Severity.ERROR, "A static handler method."),
    HANDLER_GENERIC("HandlerGeneric", Severity.ERROR, "A handler method with type parameters."),
    UNSUPPORTED_RETURN_TYPE("UnsupportedReturnType", Severity.ERROR, "A return type Kiln cannot write as a response."),
    BAD_STATUS("BadStatus", Severity.ERROR, "An @Status code outside the HTTP range."),
    STREAM_HANDLER("StreamHandler", Severity.ERROR, "A handler taking a ResponseStream or EventStream that returns a value, or takes two."),
    BAD_PRODUCES("BadProduces", Severity.ERROR, "An @Produces value that is not a media type."),
    BAD_BODY_SIZE("BadBodySize", Severity.ERROR, "An @MaxBodySize that is not a size, or too large to gather."),
    STREAMED_BODY_NOT_BLOCKING("StreamedBodyNotBlocking", Severity.ERROR, "An @Body InputStream on a route that is not @Blocking."),

    // ---- parameters ----
    UNANNOTATED_PARAMETER("UnannotatedParameter", Severity.ERROR, "A handler parameter that says nowhere where its value comes from."),
    UNSUPPORTED_PARAMETER_TYPE("UnsupportedParameterType", Severity.ERROR, "A parameter type Kiln cannot bind from its source."),
    UNKNOWN_PATH_PARAM("UnknownPathParam", Severity.ERROR, "An @PathParam that the route's path does not declare."),
    UNBOUND_PATH_PARAM("UnboundPathParam", Severity.WARNING, "A path parameter that the handler never reads."),
    TWO_BODIES("TwoBodies", Severity.ERROR, "Two @Body parameters on one handler."),
    BODY_ON_GET("BodyOnGet", Severity.WARNING, "A GET or HEAD handler reading the request body."),
    FORM_ON_GET("FormOnGet", Severity.ERROR, "A @Form parameter on a GET or HEAD handler, whose request has no form body."),
    UPLOAD_NOT_FORM("UploadNotForm", Severity.ERROR, "An Upload parameter bound from elsewhere than a @Form file part."),
    BODY_AND_FORM("BodyAndForm", Severity.ERROR, "@Body and @Form on one handler, which would read one body two ways."),
    DEFAULT_NOT_APPLICABLE("DefaultNotApplicable", Severity.ERROR, "An @Default that can never apply (path, body, list)."),
    BAD_DEFAULT("BadDefault", Severity.ERROR, "An @Default value that every request would reject."),

    // ---- validation ----
    CONSTRAINT_TYPE("ConstraintType", Severity.ERROR, "A Jakarta constraint or @Valid on a type it cannot apply to."),
    BAD_CONSTRAINT("BadConstraint", Severity.ERROR, "A constraint whose values can never hold, such as an invalid @Pattern."),
    UNSUPPORTED_CONSTRAINT("UnsupportedConstraint", Severity.ERROR, "A Jakarta constraint that Kiln does not check."),
    VALID_MISSING("ValidMissing", Severity.WARNING, "A record with constraints held by a component without @Valid."),

    // ---- JSON ----
    NO_JSON_ADAPTER("NoJsonAdapter", Severity.ERROR, "A JSON type of this compilation that avaje-jsonb will have no adapter for."),
    JSON_ADAPTER_UNSEEN("JsonAdapterUnseen", Severity.WARNING, "A JSON type from the JDK or a jar whose avaje-jsonb adapter Kiln cannot see."),

    // ---- templates ----
    TEMPLATE_RENDERER_MISSING("TemplateRendererMissing", Severity.ERROR,
            "A template model whose renderer JStachio never generated."),
    TEMPLATE_NOT_HTML("TemplateNotHtml", Severity.ERROR, "A template model whose renderer does not write escaped HTML."),

    // ---- middleware ----
    NOT_MIDDLEWARE("NotMiddleware", Severity.ERROR, "An @Use class that does not implement Middleware."),
    ABSTRACT_MIDDLEWARE("AbstractMiddleware", Severity.ERROR, "An @Use class that is an interface or abstract."),
    DUPLICATE_MIDDLEWARE("DuplicateMiddleware", Severity.ERROR, "One middleware twice in a route's chain."),

    // ---- the build ----
    BAD_OPTION("BadOption", Severity.ERROR, "A -Akiln.* processor option with a value Kiln does not know."),
    UNRESOLVED_TYPE("UnresolvedType", Severity.ERROR, "A type a route needs that no source file or processor provided."),
    INTERNAL_ERROR("InternalError", Severity.ERROR, "A bug in Kiln: generation failed with an exception.");

    /** Whether a problem fails the build. */
    public enum Severity { ERROR, WARNING }

    private final String tag;
    private final Severity severity;
    private final String explanation;

    Problem(String tag, Severity severity, String explanation) {
        this.tag = tag;
        this.severity = severity;
        this.explanation = explanation;
    }

    /** The stable tag, such as {@code DuplicateRoute}: a message starts {@code [Kiln/DuplicateRoute]}. */
    public String tag() {
        return tag;
    }

    public Severity severity() {
        return severity;
    }

    /** What the problem is, in one line. */
    public String explanation() {
        return explanation;
    }
}
