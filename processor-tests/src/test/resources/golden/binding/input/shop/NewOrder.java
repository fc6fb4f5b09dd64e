package shop;

import io.avaje.jsonb.Json;
import java.util.List;

@Json
public record NewOrder(String customer, List<Line> lines, Color color) {
    public record Line(String sku, int quantity) {}
}
