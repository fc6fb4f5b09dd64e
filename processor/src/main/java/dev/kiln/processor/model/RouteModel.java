package dev.kiln.processor.model;

import dev.kiln.processor.tree.PathTemplate;
import java.util.List;

/**
 * One route: a method and full path to a handler, with its bindings and flattened middleware chain.
 *
 * @param method     the HTTP method, such as {@code "GET"}
 * @param template   the full path template, parsed: the controller prefix and the method's path
 * @param controller the handler's class
 * @param signature  the handler as quoted in messages and comments, such as {@code OrderController#get(long)}
 * @param methodName the handler method's simple name
 * @param parameterTypes the handler's parameter types, erased, for {@code {@link}}s to it
 * @param bindings   one per handler parameter, in order
 * @param returns    how the handler's result becomes the response
 * @param returnType the handler's return type, boxed; for {@link ReturnKind#ASYNC}, the type it completes with
 * @param eventual   for {@link ReturnKind#ASYNC}, how the completed value is written; else null
 * @param status     the {@code @Status} code, or 0 for none
 * @param chain      the middleware in run order: global, class, then method
 * @param blocking   whether the chain runs off the event loop: {@code @Blocking} on the method or its class
 * @param produces   the media type of a streamed response ({@code @Produces}, or what its stream parameter implies);
 *                   null when the route does not say
 * @param maxBodySize the route's own request body limit ({@code @MaxBodySize}) in bytes, or -1 for the server's
 * @param renderer   for a result written as {@link ReturnKind#HTML}, the renderer JStachio generated for the model;
 *                   else null
 * @param mount      for the route of a {@code @StaticFiles} mount, the mount (then there is no controller, method or
 *                   binding); null for a handler's route
 */
public record RouteModel(
        String method,
        PathTemplate template,
        ControllerModel controller,
        String signature,
        String methodName,
        List<JavaType> parameterTypes,
        List<Binding> bindings,
        ReturnKind returns,
        JavaType returnType,
        ReturnKind eventual,
        int status,
        List<MiddlewareModel> chain,
        boolean blocking,
        String produces,
        long maxBodySize,
        JavaType.Declared renderer,
        StaticMountModel mount) {

    /** A handler's route. */
    public RouteModel(String method, PathTemplate template, ControllerModel controller, String signature, String methodName,
                      List<JavaType> parameterTypes, List<Binding> bindings, ReturnKind returns, JavaType returnType,
                      ReturnKind eventual, int status, List<MiddlewareModel> chain, boolean blocking, String produces,
                      long maxBodySize, JavaType.Declared renderer) {
        this(method, template, controller, signature, methodName, parameterTypes, bindings, returns, returnType, eventual,
                status, chain, blocking, produces, maxBodySize, renderer, null);
    }

    /** The route of a {@code @StaticFiles} mount: {@code GET <prefix>/*path}, after the application's middleware. */
    public static RouteModel of(StaticMountModel mount, PathTemplate template, List<MiddlewareModel> global) {
        return new RouteModel("GET", template, null, mount.signature(), "serve", List.of(), List.of(), ReturnKind.VOID,
                JavaType.javaLang("Void"), null, 0, global, false, null, -1, null, mount);
    }

    /** The full path template as written, such as {@code /api/v1/orders/:id}. */
    public String path() {
        return template.path();
    }

    /**
     * Whether the handler takes its body as it arrives: {@code @Body InputStream}, or file parts on a {@code @Blocking}
     * route, whose form is then read as it comes (a large upload goes to its temporary file, never whole in memory).
     */
    public boolean streamsBody() {
        return bindings.stream().anyMatch(b -> b.conversion().kind() == Conversion.Kind.BODY_STREAM
                || blocking && b.conversion().kind() == Conversion.Kind.UPLOAD);
    }

    /** Whether the route has a body policy of its own, which its {@code RouteInfo} carries. */
    public boolean hasBodyPolicy() {
        return maxBodySize >= 0 || streamsBody();
    }

    /** Whether a parameter can be missing or malformed, so that binding may answer 400 or 415 before the handler. */
    public boolean canReject() {
        return bindings.stream().anyMatch(Binding::canReject);
    }

    /** How a handler's return value becomes the response. */
    public enum ReturnKind {
        /** The handler writes through {@code Context}. */
        VOID,
        /** {@code String} or {@code CharSequence}, sent as {@code text/plain; charset=utf-8}. */
        TEXT,
        /** {@code byte[]} or {@code ByteBuffer}, sent as {@code application/octet-stream}. */
        BYTES,
        /** A {@code Response}: status, headers and body. */
        RESPONSE,
        /**
         * A template model (a type annotated with JStachio's {@code @JStache}), rendered by the renderer JStachio
         * generated for it and sent as {@code text/html; charset=utf-8}.
         */
        HTML,
        /** Anything else: records, POJOs, collections, boxes, written as JSON. */
        JSON,
        /** A {@code CompletionStage<T>}: the response waits for it, then {@code T} is written as one of the above. */
        ASYNC
    }
}
