package shop;

import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;

@KilnApplication
@Use({Recovery.class, AccessLog.class})
public final class ShopApp {
}
