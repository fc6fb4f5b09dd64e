package shop;

import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Header;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Query;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

@Controller("/orders")
public final class OrderController {

    @Post("")
    public String create(@Body NewOrder order) {
        return order.title();
    }

    @Post("/lines")
    public String lines(@Body List<NewOrder.Line> lines) {
        return String.valueOf(lines.size());
    }

    @Get("")
    public String list(@Query @Default("20") @Min(1) @Max(100) int limit, @Query @Size(max = 20) Optional<String> q,
                       @Header("X-Tenant") @NotBlank String tenant) {
        return tenant + limit + q.orElse("");
    }

    @Get("/:id")
    public String get(@PathParam @Pattern(regexp = "[0-9a-f]{8}") String id) {
        return id;
    }
}
