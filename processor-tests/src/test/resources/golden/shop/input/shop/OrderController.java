package shop;

import dev.kiln.Context;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Query;
import dev.kiln.annotation.Use;

@Controller("/api/v1")
@Use(RequireToken.class)
public final class OrderController {
    private final String store;

    public OrderController(String store) {
        this.store = store;
    }

    @Get("/orders/:id")
    public String get(@PathParam String id) {
        return store + ":" + id;
    }

    @Get("/orders")
    public String list(@Query("limit") String limit, @Header("X-Tenant") String tenant) {
        return limit + tenant;
    }

    @Get("/orders/new")
    public String form() {
        return "form";
    }

    @Post("/orders")
    @Use(RateLimit.class)
    public byte[] create(@Body byte[] order) {
        return order;
    }

    @Delete("/orders/:id")
    public void delete(@PathParam("id") String orderId, Context ctx) {
        ctx.status(204);
    }

    @Get("/files/*path")
    public void file(@PathParam String path, Context ctx) {
        ctx.text(path);
    }
}
