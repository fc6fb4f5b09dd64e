package feed;

import dev.kiln.Context;
import dev.kiln.ResponseStream;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.MaxBodySize;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Produces;
import dev.kiln.annotation.Query;
import dev.kiln.sse.EventStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

@KilnApplication
@Controller
public final class FeedApp {
    @Get("/events")
    public void events(EventStream events) {
        events.send("hello");
    }

    @Get("/export.csv")
    @Blocking
    @Produces("text/csv")
    public void export(@Query int rows, ResponseStream out) throws IOException {
        try (OutputStream csv = out.outputStream()) {
            for (int i = 0; i < rows; i++) csv.write((i + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Get("/raw")
    public void raw(ResponseStream out) {
        out.write(new byte[] {1, 2, 3}).close();
    }

    @Post("/uploads")
    @Blocking
    @MaxBodySize("2GiB")
    public String upload(@Body InputStream body) throws IOException {
        return Long.toString(body.transferTo(OutputStream.nullOutputStream()));
    }

    @Post("/notes")
    @MaxBodySize("16KiB")
    public String note(@Body String text) {
        return text;
    }

    @Get("/by-hand.ndjson")
    @Produces("application/x-ndjson")
    public void byHand(Context ctx) {
        ctx.header("Content-Disposition", "attachment");
        ctx.stream("application/x-ndjson").write("{}\n").close();
    }
}
