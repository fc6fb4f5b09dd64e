package upload;

import dev.kiln.annotation.KilnApplication;

@KilnApplication
public final class UploadApp {}
