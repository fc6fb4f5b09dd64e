package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Routes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route table the server prints at start-up, one aligned line per route, as Gin does in debug mode. */
class RouteTableTest {
    private static Routes routes(RouteInfo... infos) {
        return new TableOnlyRoutes(List.of(infos)) {};
    }

    @Test
    void eachRouteWithItsHandlerAndChainLength() {
        Routes routes = routes(
                new RouteInfo("GET", "/users/:id", "UserController#get(long)", List.of("id"), List.of("Recovery", "Auth")),
                new RouteInfo("DELETE", "/users", "UserController#purge()", List.of(), List.of()),
                new RouteInfo("POST", "/export", "ExportController#run()", List.of(), List.of("Recovery"), true));
        assertEquals(List.of(
                "GET    /users/:id --> UserController#get(long) (3 handlers)",
                "DELETE /users     --> UserController#purge() (1 handler)",
                "POST   /export    --> ExportController#run() (2 handlers) @Blocking"),
                new KilnServer(routes).routeTable());
    }
}
