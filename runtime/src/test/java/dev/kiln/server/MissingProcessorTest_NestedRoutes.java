package dev.kiln.server;

import dev.kiln.RouteInfo;
import java.util.List;

/**
 * Stands in for the router the processor would generate for {@code MissingProcessorTest.Nested}, under the name it
 * would give it, with the same static {@code builder()}.
 */
public final class MissingProcessorTest_NestedRoutes extends TableOnlyRoutes {
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
}
