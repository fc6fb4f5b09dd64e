package dev.kiln.bench.ops;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;
import dev.kiln.middleware.AccessLog;
import dev.kiln.middleware.RequestId;

/**
 * The same answer as the sample's {@code /plaintext} behind none, one and both of the runtime's operations middleware,
 * for {@code OpsMiddlewareBenchmark}: what {@link RequestId} and {@link AccessLog} add to a request.
 */
@KilnApplication
@Controller
public final class OpsApp {
    private static final String HELLO = "Hello, World!";

    @Get("/plain")
    public String plain() {
        return HELLO;
    }

    @Get("/id")
    @Use(RequestId.class)
    public String id() {
        return HELLO;
    }

    @Get("/logged")
    @Use({RequestId.class, AccessLog.class})
    public String logged() {
        return HELLO;
    }
}
