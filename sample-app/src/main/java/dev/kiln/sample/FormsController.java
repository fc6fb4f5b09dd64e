package dev.kiln.sample;

import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Form;
import dev.kiln.annotation.Post;
import dev.kiln.form.Upload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A form post and a file upload: {@code @Form} fields bind like query parameters, from a URL-encoded or a multipart
 * body; an {@link Upload} parameter makes its route take {@code multipart/form-data} only.
 */
@Controller
public final class FormsController {
    /** A form a page posts: the name, a rating from 1 to 5, and any number of topics. */
    @Post("/feedback")
    public String feedback(@Form("name") @NotBlank String name, @Form("rating") @Min(1) @Max(5) int rating,
                           @Form("topic") List<String> topics, @Form("comment") @Default("") String comment) {
        return "thanks, " + name + ": " + rating + "/5" + (topics.isEmpty() ? "" : " on " + String.join(", ", topics))
                + (comment.isEmpty() ? "" : " (" + comment.length() + " characters of comment)");
    }

    /**
     * Takes one file, {@code file}, and answers with its name, type, size and SHA-256, read as it is stored (in
     * memory, or in a temporary file past the server's {@code formMemoryThreshold}); the file is gone when the
     * response has been written. {@code @Blocking}: reading a large file would hold the event loop.
     */
    @Post("/upload")
    @Blocking
    public UploadReceipt upload(@Form("file") Upload file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = file.inputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) sha256.update(buffer, 0, n);
        }
        return new UploadReceipt(file.fileName(), file.contentType(), file.size(), HexFormat.of().formatHex(sha256.digest()));
    }
}
