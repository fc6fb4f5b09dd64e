package chain;

import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;

@KilnApplication
@Use({RequestId.class, Timing.class})
public final class ChainApp {
}
