package dev.kiln.bench.chain.app;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;

/** One route per chain depth the chain benchmark measures: 0, 1, 5 and 10 no-op middleware. */
@KilnApplication
@Controller
public final class ChainApp {
    @Get("/mw0")
    public void mw0(Context ctx) {
        ctx.status(204);
    }

    @Get("/mw1")
    @Use(Noop1.class)
    public void mw1(Context ctx) {
        ctx.status(204);
    }

    @Get("/mw5")
    @Use({Noop1.class, Noop2.class, Noop3.class, Noop4.class, Noop5.class})
    public void mw5(Context ctx) {
        ctx.status(204);
    }

    @Get("/mw10")
    @Use({Noop1.class, Noop2.class, Noop3.class, Noop4.class, Noop5.class,
          Noop6.class, Noop7.class, Noop8.class, Noop9.class, Noop10.class})
    public void mw10(Context ctx) {
        ctx.status(204);
    }
}
