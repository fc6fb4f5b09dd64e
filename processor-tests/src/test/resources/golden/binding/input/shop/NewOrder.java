package shop;

import java.util.List;

public record NewOrder(String customer, List<Line> lines, Color color) {
    public record Line(String sku, int quantity) {}
}
