package dev.kiln.processor.read;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as {@code @MaxBodySize} writes them, in the form of the runtime's settings ({@code Settings.parseSize}):
 * a number of bytes, or of {@code KiB}, {@code MiB} or {@code GiB}. The processor cannot call the runtime, so this is
 * the same rule written again; {@code ByteSizesTest} checks the two agree.
 */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");

    private ByteSizes() {}

    /**
     * The size {@code text} says, in bytes.
     *
     * @throws IllegalArgumentException saying what is wrong with it, for the diagnostic
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("is not a size");
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "k", "kb", "m", "mb", "g", "gb" -> throw new IllegalArgumentException("uses a decimal unit, which some"
                    + " read as a power of 1000 and others of 1024");
            default -> throw new IllegalArgumentException("has a unit Kiln does not know");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
    }
}
