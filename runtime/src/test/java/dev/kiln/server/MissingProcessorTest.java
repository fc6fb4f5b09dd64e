package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.json.JsonCodec;
import dev.kiln.routing.Routes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A missing or stale generated router fails at start-up with one message that names the causes and the fix. */
class MissingProcessorTest {
    /** An "application" the processor never saw: there is no MissingProcessorTest$NeverProcessedRoutes. */
    static final class NeverProcessed {}

    @Test
    void aMissingRouterNamesTheCausesAndTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kiln.server(NeverProcessed.class));
        String message = e.getMessage();
        assertTrue(message.startsWith("Kiln found no generated routes for dev.kiln.server.MissingProcessorTest$NeverProcessed"
                + " (class dev.kiln.server.MissingProcessorTest_NeverProcessedRoutes is missing)"), message);
        assertTrue(message.contains("<annotationProcessorPaths>"), message);
        assertTrue(message.contains("-proc:full"), message);
        assertTrue(message.contains("IDE build skipped annotation processing"), message);
    }

    /** A router compiled against another format of generated code. */
    static final class StaleRoutes extends TableOnlyRoutes {
        StaleRoutes() {
            super(List.of(), JsonCodec.avaje(), Routes.FORMAT + 1);
        }
    }

    /** An application class nested in another, as {@code Outer.App}: the processor names its router Outer_AppRoutes. */
    static final class Nested {}

    @Test
    void aNestedApplicationsRouterIsFoundByTheNameTheProcessorGivesIt() {
        assertEquals("dev.kiln.server.MissingProcessorTest_NestedRoutes", Kiln.routesClassName(Nested.class));
        assertEquals(1, Kiln.routes(Nested.class).routes().size(), "found and built");
        assertEquals("dev.kiln.server.KilnServerRoutes", Kiln.routesClassName(KilnServer.class), "a top-level class");
    }

    @Test
    void aStaleRouterIsRefusedWhenBuilt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, StaleRoutes::new);
        assertEquals("dev.kiln.server.MissingProcessorTest$StaleRoutes was generated for Kiln router format " + (Routes.FORMAT + 1)
                + ", but this runtime serves format " + Routes.FORMAT + ": it is stale. Rebuild it with the kiln-processor"
                + " of the same version as kiln-runtime (mvn clean compile; in an IDE, rebuild the project).", e.getMessage());
    }

    @Test
    void routeInfoOfAFreshRouterIsKept() {
        Routes fresh = new TableOnlyRoutes(List.of(new RouteInfo("GET", "/", "X#y()", List.of(), List.of()))) {};
        assertEquals("/", fresh.route(0).path());
    }
}
