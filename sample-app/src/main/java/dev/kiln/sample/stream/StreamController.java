package dev.kiln.sample.stream;

import dev.kiln.ResponseStream;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.MaxBodySize;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Produces;
import dev.kiln.annotation.Query;
import dev.kiln.sse.EventStream;
import io.avaje.jsonb.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Responses and requests of unknown length: an event stream, a CSV export written as it is made, and an upload read
 * as it arrives. None of them holds more of its data in memory than a few pieces.
 */
@Controller
public final class StreamController {
    /** The most rows {@code /export.csv} writes. */
    public static final int MAX_ROWS = 10_000_000;

    private final Ticker ticker;

    public StreamController(Ticker ticker) {
        this.ticker = ticker;
    }

    public StreamController() {
        this(new Ticker());
    }

    /**
     * An event named {@code tick} every second, with the tick's number as its id; a client that reconnects with
     * {@code Last-Event-ID} first gets a {@code resumed} event saying how many ticks it missed.
     */
    @Get("/events")
    public void events(EventStream events) {
        events.retry(Duration.ofSeconds(2));
        String last = events.lastEventId();
        if (last != null) {
            long missed;
            try {
                missed = Math.max(0, ticker.now() - Long.parseLong(last));
            } catch (NumberFormatException e) {
                missed = -1;
            }
            events.send("resumed", missed < 0 ? "unknown id " + last : "missed " + missed);
        }
        ticker.add(events);
    }

    /** {@code rows} rows of CSV (at most {@value #MAX_ROWS}), written on a worker as the client reads them. */
    @Get("/export.csv")
    @Blocking
    @Produces("text/csv; charset=utf-8")
    public void export(@Query("rows") @Default("1000") int rows, ResponseStream out) throws IOException {
        int n = Math.max(0, Math.min(rows, MAX_ROWS));
        try (OutputStream csv = out.outputStream()) {
            csv.write("id,name,square\n".getBytes(StandardCharsets.UTF_8));
            StringBuilder row = new StringBuilder(64);
            for (int i = 1; i <= n; i++) {
                row.setLength(0);
                row.append(i).append(",item ").append(i).append(',').append((long) i * i).append('\n');
                csv.write(row.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The size and SHA-256 of a body of up to 4 GiB, read as it arrives. */
    @Post("/checksum")
    @Blocking
    @MaxBodySize("4GiB")
    public Checksum checksum(@Body InputStream body) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = body.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
            size += n;
        }
        return new Checksum(size, HexFormat.of().formatHex(sha.digest()));
    }

    /** What {@code /checksum} answers. */
    @Json
    public record Checksum(long bytes, String sha256) {}
}
