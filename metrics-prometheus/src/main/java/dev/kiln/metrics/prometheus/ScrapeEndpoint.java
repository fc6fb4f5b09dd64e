package dev.kiln.metrics.prometheus;

import dev.kiln.Context;
import dev.kiln.server.Endpoint;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Answers a scrape: the registry's metrics in the text format the scraper asks for, OpenMetrics when its
 * {@code Accept} names it, else Prometheus' text format 0.0.4. Written off the event loop, on one thread of its own:
 * with many routes a scrape is tens of thousands of lines, and the loop's other connections must not wait for them.
 */
final class ScrapeEndpoint implements Endpoint {
    private final PrometheusRegistry registry;
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final Executor scraper = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "kiln-metrics-scrape");
        t.setDaemon(true);
        return t;
    });

    ScrapeEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) {
        ExpositionFormatWriter writer = openMetrics.accepts(ctx.header("Accept")) ? openMetrics : text;
        ctx.defer(CompletableFuture.supplyAsync(() -> scrape(writer), scraper),
                (c, body) -> c.header("Cache-Control", "no-store").body(body, writer.getContentType()));
    }

    private byte[] scrape(ExpositionFormatWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a ByteArrayOutputStream
        }
        return out.toByteArray();
    }
}
