package dev.kiln.tracing.opentelemetry;

import dev.kiln.annotation.KilnApplication;

/** The application the tracing tests serve: {@link TracedController}'s routes, compiled by Kiln's processor. */
@KilnApplication
public final class TracedApp {
    private TracedApp() {}
}
