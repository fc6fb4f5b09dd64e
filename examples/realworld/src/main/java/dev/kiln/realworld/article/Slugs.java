package dev.kiln.realworld.article;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Slugs from titles: "How to train your dragon" becomes {@code how-to-train-your-dragon}. Letters lose their
 * accents, anything but ASCII letters and digits becomes one hyphen, and the result is at most {@link #MAX_LENGTH}
 * characters (a unique index holds it). A title with none of those characters gets {@code article}.
 */
final class Slugs {
    /** The longest slug made from a title; a suffix for uniqueness comes on top. */
    static final int MAX_LENGTH = 80;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Slugs() {}

    /** The slug of {@code title}. */
    static String of(String title) {
        String plain = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String slug = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (slug.length() > MAX_LENGTH) slug = slug.substring(0, MAX_LENGTH);
        slug = slug.replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "article" : slug;
    }

    /** {@code slug} with a random suffix, for a title whose slug another article has. */
    static String withSuffix(String slug) {
        char[] suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) suffix[i] = DIGITS[RANDOM.nextInt(DIGITS.length)];
        return slug + "-" + new String(suffix);
    }
}
