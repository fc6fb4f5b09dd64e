package dev.kiln.bench.routes.param1;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.bench.routes.Sink;

/** Go's router benchmark {@code Param}: one route with one parameter, alone in its router. */
@KilnApplication
@Controller
public final class Param1Api {
    @Get("/user/:name") public void user(Context ctx) { Sink.read(ctx); }
}
