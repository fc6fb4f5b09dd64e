package shop;

import io.avaje.jsonb.Json;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

@Json
public record NewOrder(
        @NotBlank @Size(max = 100) String title,
        @Email String email,
        @Pattern(regexp = "[A-Z]{3}") String currency,
        @NotEmpty @Valid List<Line> lines,
        @NotNull @Valid Address address,
        String note) {

    public record Line(@NotBlank String sku, @Positive int quantity, @Positive BigDecimal price) {}

    public record Address(@NotBlank String city, @Size(min = 2, max = 2) String country) {}
}
