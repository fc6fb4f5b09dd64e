package dev.kiln.processor.openapi;

import dev.kiln.processor.model.Binding;
import dev.kiln.processor.model.Binding.Source;
import dev.kiln.processor.model.Conversion;
import dev.kiln.processor.model.JavaType;
import dev.kiln.processor.model.RouteModel;
import dev.kiln.processor.model.TypeCatalog;
import dev.kiln.processor.tree.PathTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes an application's routes as an OpenAPI 3.1 document, at build time: paths and operations from the
 * route table, parameters from the bindings, bodies and results from the handlers' types ({@link Schemas}).
 * The processor stores it as {@code META-INF/kiln/openapi.json} beside the classes.
 */
public final class OpenApiWriter {
    /** Where the document goes in the class output, and so on the class path. */
    public static final String RESOURCE = "META-INF/kiln/openapi.json";

    private final Schemas schemas;

    /** @param catalog what the reader learnt of the types the routes use */
    public OpenApiWriter(TypeCatalog catalog) {
        this.schemas = new Schemas(catalog);
    }

    /** The document for {@code routes} of the application named {@code title}. */
    public String write(String title, List<RouteModel> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Set<String> operationIds = new HashSet<>();
        for (RouteModel route : routes) {
            if (route.mount() != null) continue; // static files are the site's, not the API's
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(openApiPath(route.template()),
                    p -> new LinkedHashMap<String, Object>());
            item.put(route.method().toLowerCase(Locale.ROOT), operation(route, operationIds));
        }
        Map<String, Object> components = new LinkedHashMap<>(schemas.components());
        if (routes.stream().anyMatch(RouteModel::canReject)) components.put("Problem", problem());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Schemas.schema("title", title, "version", "1",
                "description", "Generated at build time by Kiln from the routes of " + title + "."));
        doc.put("paths", paths);
        doc.put("components", Schemas.schema("schemas", components));
        return JsonText.write(doc);
    }

    /** {@code /users/:id/*rest} → {@code /users/{id}/{rest}}. */
    static String openApiPath(PathTemplate template) {
        StringBuilder out = new StringBuilder();
        for (PathTemplate.Piece piece : template.pieces()) {
            if (piece instanceof PathTemplate.Static s) out.append(s.text());
            else if (piece instanceof PathTemplate.Param p) out.append('{').append(p.name()).append('}');
            else if (piece instanceof PathTemplate.CatchAll c) out.append('{').append(c.name()).append('}');
        }
        return out.toString();
    }

    private Map<String, Object> operation(RouteModel route, Set<String> operationIds) {
        Map<String, Object> op = new LinkedHashMap<>();
        String controller = route.controller().type().simpleName();
        String id = controller + "_" + route.methodName();
        for (int k = 2; !operationIds.add(id); k++) id = controller + "_" + route.methodName() + k;
        op.put("operationId", id);
        op.put("summary", route.signature());
        op.put("tags", List.of(controller));
        List<Object> parameters = new ArrayList<>();
        Map<String, Object> requestBody = null;
        for (Binding b : route.bindings()) {
            switch (b.source()) {
                case PATH, QUERY, HEADER, COOKIE -> parameters.add(parameter(b));
                case BODY -> requestBody = requestBody(b);
                default -> { }
            }
        }
        if (isForm(route)) requestBody = formBody(route);
        // A catch-all's value is bound only when the handler asks; it is still a path parameter.
        for (String name : route.template().paramNames()) {
            boolean bound = route.bindings().stream().anyMatch(b -> b.source() == Source.PATH && b.name().equals(name));
            if (!bound) {
                parameters.add(Schemas.schema("name", name, "in", "path", "required", true, "schema", Schemas.schema("type", "string")));
            }
        }
        if (!parameters.isEmpty()) op.put("parameters", parameters);
        if (requestBody != null) op.put("requestBody", requestBody);
        op.put("responses", responses(route));
        return op;
    }

    private Map<String, Object> parameter(Binding b) {
        Conversion c = b.conversion();
        boolean required = b.source() == Source.PATH
                || c.wrapper() == Conversion.Wrapper.NONE && b.defaultValue() == null
                || Schemas.refusesNull(b.validation().constraints());
        Map<String, Object> schema = new LinkedHashMap<>(scalar(c));
        Schemas.constrain(schema, b.validation().constraints());
        if (b.defaultValue() != null) schema.put("default", typed(b.defaultValue(), c));
        return Schemas.schema("name", b.name(), "in", b.source().label(), "required", required, "schema", schema);
    }

    /**
     * The schema of a path, query, header or cookie value: what is sent is text, so a type made by a factory
     * of the user's ({@code Sku.of}) is a string, never an object schema of its fields.
     */
    private Map<String, Object> scalar(Conversion c) {
        JavaType one = c.element(); // the type of one value, inside an Optional or a List
        Map<String, Object> schema = c.kind() == Conversion.Kind.FACTORY && !Schemas.isKnownScalar(one)
                ? Schemas.schema("type", "string")
                : schemas.of(one);
        return c.wrapper() == Conversion.Wrapper.LIST ? Schemas.schema("type", "array", "items", schema) : schema;
    }

    /** A {@code @Default} as the JSON value its schema's type calls for. */
    private static Object typed(String value, Conversion c) {
        if (c.kind() != Conversion.Kind.PRIMITIVE) return value;
        return switch (c.element().primitiveKeyword()) {
            case "int", "long", "short", "byte" -> Long.parseLong(value);
            case "double", "float" -> Double.parseDouble(value);
            case "boolean" -> Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
            default -> value;
        };
    }

    private Map<String, Object> requestBody(Binding b) {
        String media = switch (b.conversion().kind()) {
            case BODY_BYTES, BODY_STREAM -> "application/octet-stream";
            case BODY_TEXT -> "text/plain";
            default -> "application/json";
        };
        Map<String, Object> schema = b.conversion().kind() == Conversion.Kind.BODY_STREAM
                ? Schemas.schema("type", "string", "format", "binary")
                : schemas.of(b.conversion().javaType());
        return Schemas.schema("required", true, "content", Schemas.schema(media, Schemas.schema("schema", schema)));
    }

    private static boolean isForm(RouteModel route) {
        return route.bindings().stream().anyMatch(b -> b.source() == Source.FORM);
    }

    private static boolean isMultipart(RouteModel route) {
        return route.bindings().stream().anyMatch(b -> b.conversion().kind() == Conversion.Kind.UPLOAD);
    }

    /**
     * A form route's body: one object schema of its fields, under {@code multipart/form-data}, and also under
     * {@code application/x-www-form-urlencoded} unless a file part makes the route multipart only. A file part is
     * {@code type: string, format: binary} (OpenAPI 3.1's way for a multipart file).
     */
    private Map<String, Object> formBody(RouteModel route) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Binding b : route.bindings()) {
            if (b.source() != Source.FORM) continue;
            Conversion c = b.conversion();
            Map<String, Object> schema;
            if (c.kind() == Conversion.Kind.UPLOAD) {
                Map<String, Object> file = Schemas.schema("type", "string", "format", "binary");
                schema = c.wrapper() == Conversion.Wrapper.LIST ? Schemas.schema("type", "array", "items", file) : file;
            } else {
                schema = new LinkedHashMap<>(scalar(c));
                Schemas.constrain(schema, b.validation().constraints());
                if (b.defaultValue() != null) schema.put("default", typed(b.defaultValue(), c));
            }
            properties.put(b.name(), schema);
            if (c.wrapper() == Conversion.Wrapper.NONE && b.defaultValue() == null
                    || Schemas.refusesNull(b.validation().constraints())) {
                required.add(b.name());
            }
        }
        Map<String, Object> object = required.isEmpty() ? Schemas.schema("type", "object", "properties", properties)
                : Schemas.schema("type", "object", "properties", properties, "required", required);
        Map<String, Object> content = new LinkedHashMap<>();
        if (!isMultipart(route)) content.put("application/x-www-form-urlencoded", Schemas.schema("schema", object));
        content.put("multipart/form-data", Schemas.schema("schema", object));
        return Schemas.schema("required", true, "content", content);
    }

    private Map<String, Object> responses(RouteModel route) {
        Map<String, Object> responses = new LinkedHashMap<>();
        String status = route.status() != 0 ? String.valueOf(route.status()) : "200";
        JavaType result = route.returnType(); // for a CompletionStage, what it completes with
        RouteModel.ReturnKind kind = route.returns() == RouteModel.ReturnKind.ASYNC ? route.eventual() : route.returns();
        switch (kind) {
            case TEXT -> responses.put(status, content("OK", "text/plain", Schemas.schema("type", "string")));
            case BYTES -> responses.put(status, content("OK", "application/octet-stream",
                    Schemas.schema("type", "string", "format", "binary")));
            case HTML -> responses.put(status, content("A page rendered from the template of "
                    + ((JavaType.Declared) result).simpleName() + ".", "text/html", Schemas.schema("type", "string")));
            case JSON -> responses.put(status, content("OK", "application/json", schemas.of(result)));
            case RESPONSE -> responses.put("default", Schemas.schema("description",
                    "The Response the handler returns: status, headers and body as it decides."));
            case VOID, ASYNC -> responses.put(status, route.produces() == null
                    ? Schemas.schema("description", "Written by the handler through Context.")
                    : content("Streamed by the handler, of a length not known in advance.", route.produces(),
                            Schemas.schema("type", "string")));
        }
        if (route.canReject()) {
            boolean validates = route.bindings().stream().anyMatch(b -> !b.validation().constraints().isEmpty()
                    || b.validation().cascade() && schemas.constrained(b.conversion().javaType(), new HashSet<>()));
            responses.put("400", content(validates ? "A parameter or the body is missing or malformed, or breaks its"
                    + " constraints (then 422 where the server is set to answer so)." : "A parameter or the body is missing"
                    + " or malformed.", "application/problem+json",
                    Schemas.schema("$ref", "#/components/schemas/Problem")));
        }
        if (route.bindings().stream().anyMatch(b -> b.conversion().kind() == Conversion.Kind.BODY_JSON)) {
            responses.put("415", Schemas.schema("description", "The body is not application/json."));
        }
        if (isForm(route)) {
            responses.put("413", content("The form, or one of its parts, is larger than the server takes.",
                    "application/problem+json", Schemas.schema("$ref", "#/components/schemas/Problem")));
            responses.put("415", Schemas.schema("description", isMultipart(route) ? "The body is not multipart/form-data."
                    : "The body is neither application/x-www-form-urlencoded nor multipart/form-data."));
        }
        return responses;
    }

    private static Map<String, Object> content(String description, String media, Map<String, Object> schema) {
        return Schemas.schema("description", description, "content", Schemas.schema(media, Schemas.schema("schema", schema)));
    }

    /**
     * The RFC 9457 problem the runtime's default renderer writes for a refused request: {@code type}, {@code title},
     * {@code status}, {@code detail}, and {@code errors}, one per parameter or field at fault.
     */
    private static Map<String, Object> problem() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("name", Schemas.schema("type", "string", "description", "the parameter or field, such as limit or lines[1].sku"));
        error.put("in", Schemas.schema("type", "string", "enum", List.of("path", "query", "header", "cookie", "form", "body")));
        error.put("expected", Schemas.schema("type", "string", "description", "what a valid value looks like"));
        error.put("detail", Schemas.schema("type", "string", "description", "what is wrong with the value given"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Schemas.schema("type", "string", "format", "uri-reference"));
        properties.put("title", Schemas.schema("type", "string"));
        properties.put("status", Schemas.schema("type", "integer"));
        properties.put("detail", Schemas.schema("type", "string"));
        properties.put("errors", Schemas.schema("type", "array", "items",
                Schemas.schema("type", "object", "properties", error, "required", List.of("name", "in"))));
        return Schemas.schema("type", "object", "properties", properties, "required", List.of("type", "title", "status"));
    }
}
