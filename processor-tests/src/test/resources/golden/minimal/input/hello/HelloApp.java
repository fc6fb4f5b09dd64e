package hello;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;

@KilnApplication
@Controller
public final class HelloApp {
    @Get("/")
    public String hello() {
        return "Hello";
    }
}
