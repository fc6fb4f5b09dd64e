package site;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;

@Controller
public final class StatusController {
    @Get("/status")
    public String status() {
        return "up";
    }

    @Get("/assets")
    public String assetList() {
        return "a list";
    }
}
