package chain;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Use;

@Controller
public final class PublicController {
    @Get("/health")
    public String health() {
        return "ok";
    }

    @Post("/events")
    @Use({Audit.class, Auth.class})
    public String event() {
        return "accepted";
    }
}
