package html;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Controller
public final class PageController {
    @Get("/hello/:name")
    public Greeting hello(@PathParam String name) {
        return new Greeting(name);
    }

    @Get("/later")
    public CompletionStage<Greeting> later() {
        return CompletableFuture.completedFuture(new Greeting("later"));
    }

    @Get("/gone")
    @Status(410)
    public Greeting gone() {
        return new Greeting("nobody");
    }
}
