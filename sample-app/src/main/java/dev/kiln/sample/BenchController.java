package dev.kiln.sample;

import dev.kiln.Context;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import java.util.Optional;

/** The routes every benchmark and black-box test relies on; see the README's contract. */
@Controller
public final class BenchController {

    @Get("/plaintext")
    public String plaintext() {
        return "Hello, World!";
    }

    /** Serialised per request, as TechEmpower's JSON test requires. */
    @Get("/json")
    public Message json() {
        return new Message("Hello, World!");
    }

    @Get("/users/:id")
    public User user(@PathParam String id) {
        return new User(id);
    }

    /** Echoes the body byte for byte, with the request's content type. */
    @Post("/echo")
    public void echo(@Body byte[] body, @Header("Content-Type") Optional<String> contentType, Context ctx) {
        ctx.body(body, contentType.orElse("application/octet-stream"));
    }

    @Get("/whoami")
    public String whoami(@Header("X-Request-Id") String requestId) {
        return requestId != null ? requestId : "";
    }

    @Get("/boom")
    public String boom() {
        throw new IllegalStateException("boom: this handler always fails, to show a 500 without a stack trace");
    }
}
