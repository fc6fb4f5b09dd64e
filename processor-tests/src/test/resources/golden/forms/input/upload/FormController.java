package upload;

import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Form;
import dev.kiln.annotation.Post;
import dev.kiln.form.Upload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

@Controller("/forms")
public final class FormController {
    /** A plain form: either encoding, fields bound like query parameters. */
    @Post("/tickets")
    public String ticket(@Form("title") @NotBlank @Size(max = 80) String title, @Form Priority priority,
                         @Form("tag") List<String> tags, @Form @Default("1") int copies, @Form Optional<Long> parent) {
        return title + priority + tags + copies + parent;
    }

    /** A file part makes the route multipart only. */
    @Post("/upload")
    @Blocking
    public String upload(@Form("file") Upload file, @Form("note") Optional<String> note,
                         @Form("extra") List<Upload> extras, @Form("thumb") Optional<Upload> thumb) {
        return file.fileName() + file.size() + note + extras.size() + thumb.isPresent();
    }
}
