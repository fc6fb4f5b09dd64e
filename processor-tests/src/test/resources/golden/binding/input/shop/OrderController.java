package shop;

import dev.kiln.Response;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Cookie;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Query;
import dev.kiln.annotation.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Controller("/orders")
public final class OrderController {

    @Get("/:id")
    public Order get(@PathParam UUID id) {
        return new Order(id, "c", 0, Instant.EPOCH);
    }

    @Get("")
    public List<Order> list(@Query @Default("20") int limit, @Query Optional<Color> color, @Query("tag") List<Integer> tags,
                            @Header("X-Tenant") Optional<String> tenant, @Cookie Integer session) {
        return List.of();
    }

    @Get("/by-sku/:sku")
    public String bySku(@PathParam Sku sku) {
        return sku.code();
    }

    @Post("")
    @Status(201)
    public Order create(@Body NewOrder order) {
        return new Order(UUID.randomUUID(), order.customer(), 0, Instant.EPOCH);
    }

    @Get("/:id/later")
    public CompletionStage<Order> later(@PathParam UUID id) {
        return CompletableFuture.completedFuture(new Order(id, "c", 0, Instant.EPOCH));
    }

    @Post("/:id/cancel")
    public Response cancel(@PathParam long id, @Query boolean force) {
        return force ? Response.noContent() : Response.status(409);
    }
}
