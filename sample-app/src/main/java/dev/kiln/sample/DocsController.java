package dev.kiln.sample;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI document the Kiln processor wrote at build time ({@code META-INF/kiln/openapi.json}). */
@Controller
public final class DocsController {
    private final byte[] openApi;

    public DocsController() {
        try (InputStream in = DocsController.class.getResourceAsStream("/META-INF/kiln/openapi.json")) {
            if (in == null) throw new IllegalStateException("META-INF/kiln/openapi.json is missing: was the Kiln processor run?");
            openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/openapi.json")
    public void openApi(Context ctx) {
        ctx.body(openApi, "application/json");
    }
}
