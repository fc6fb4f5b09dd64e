package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.List;

/**
 * Stands in for the router the processor would generate for {@code MissingProcessorTest.Nested}, under the name it
 * would give it, with the same static {@code builder()}.
 */
public final class MissingProcessorTest_NestedRoutes extends Routes {
    private MissingProcessorTest_NestedRoutes() {
        super(List.of(new RouteInfo("GET", "/", "Nested#get()", List.of(), List.of())));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The generated builder's shape: {@code build()} makes the routes. */
    public static final class Builder {
        public MissingProcessorTest_NestedRoutes build() {
            return new MissingProcessorTest_NestedRoutes();
        }
    }

    @Override
    public int match(int method, String path, int end, PathMatch match) {
        return -1;
    }

    @Override
    public void step(int route, int index, Context ctx) {}

    @Override
    public int maxParams() {
        return 0;
    }
}
