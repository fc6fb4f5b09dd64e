package dev.kiln.form;

import dev.kiln.Context;
import dev.kiln.bind.BadRequest;
import dev.kiln.bind.UnsupportedMediaType;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;

/**
 * What generated code calls for {@code @Form} parameters, and what a handler taking a {@link Context} calls to read a
 * form itself ({@code Forms.of(ctx)}). Field values go on through {@link dev.kiln.bind.Params} like query values,
 * with {@code "form"} as where they came from.
 */
public final class Forms {
    private Forms() {}

    /**
     * The request's form: read once per request, from a URL-encoded or multipart body; 415 for another
     * {@code Content-Type} (or none), 400 or 413 ({@link FormRejected}) for a body that breaks the encoding or a limit.
     */
    public static FormData of(Context ctx) {
        if (ctx instanceof FormSource source) return source.form();
        String type = ctx.header("Content-Type");
        return read(type, ctx.body(), FormLimits.DEFAULTS);
    }

    /** {@code body} read as a form of {@code contentType}: 415 when that is neither form type. */
    public static FormData read(String contentType, byte[] body, FormLimits limits) {
        FormParser parser = FormParser.of(contentType, limits);
        if (parser == null) throw new UnsupportedMediaType(String.valueOf(contentType), FormParser.EITHER);
        parser.offer(Unpooled.wrappedBuffer(body));
        return parser.finish();
    }

    /** The first value of field {@code name}; null when absent. */
    public static String field(Context ctx, String name) {
        return of(ctx).field(name);
    }

    /** Every value of field {@code name}; empty when absent. */
    public static List<String> fields(Context ctx, String name) {
        return of(ctx).fields(name);
    }

    /** File part {@code name}: 400 when absent, 415 when the body is not multipart. */
    public static Upload upload(Context ctx, String name) {
        Upload upload = multipart(ctx).upload(name);
        if (upload == null) throw new BadRequest(name, "form", "a file");
        return upload;
    }

    /** File part {@code name}, if there is one; 415 when the body is not multipart. */
    public static Optional<Upload> optionalUpload(Context ctx, String name) {
        return Optional.ofNullable(multipart(ctx).upload(name));
    }

    /** Every file part named {@code name}; 415 when the body is not multipart. */
    public static List<Upload> uploads(Context ctx, String name) {
        return multipart(ctx).uploads(name);
    }

    private static FormData multipart(Context ctx) {
        FormData form = of(ctx);
        if (!form.isMultipart()) {
            throw new UnsupportedMediaType(String.valueOf(ctx.header("Content-Type")), FormParser.MULTIPART);
        }
        return form;
    }
}
