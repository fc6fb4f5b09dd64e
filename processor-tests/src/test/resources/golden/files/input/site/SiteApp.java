package site;

import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.StaticFiles;
import dev.kiln.annotation.Use;

@KilnApplication
@Use(Timing.class)
@StaticFiles(path = "/assets", directory = "classpath:/static")
@StaticFiles(path = "/downloads", directory = "/srv/downloads", cacheControl = "max-age=86400")
public final class SiteApp {
}
