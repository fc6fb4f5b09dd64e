package dev.kiln.bench.routes.param5;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.bench.routes.Sink;

/** Go's router benchmark {@code Param5}: one route with five parameters, alone in its router. */
@KilnApplication
@Controller
public final class Param5Api {
    @Get("/:a/:b/:c/:d/:e") public void five(Context ctx) { Sink.read(ctx); }
}
