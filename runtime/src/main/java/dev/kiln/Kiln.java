package dev.kiln;

import dev.kiln.routing.Routes;
import dev.kiln.server.KilnServer;

/**
 * The entry point: {@code Kiln.server(ShopAppRoutes.builder().build()).port(8080).start()}.
 *
 * <p>The routes come from the class the annotation processor generated for the application's
 * {@link dev.kiln.annotation.KilnApplication} class; see {@link KilnServer} for the settings.
 */
public final class Kiln {
    private Kiln() {}

    /** A server for the given generated routes, not yet started. */
    public static KilnServer server(Routes routes) {
        return new KilnServer(routes);
    }
}
