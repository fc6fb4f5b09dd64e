package shop;

import dev.kiln.annotation.KilnApplication;

@KilnApplication
public final class ShopApp {
}
