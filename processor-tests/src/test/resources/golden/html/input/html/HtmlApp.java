package html;

import dev.kiln.annotation.KilnApplication;

@KilnApplication
public final class HtmlApp {}
