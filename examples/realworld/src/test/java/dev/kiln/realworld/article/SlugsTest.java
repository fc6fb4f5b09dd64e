package dev.kiln.realworld.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlugsTest {
    @Test
    void titlesBecomeLowerCaseWordsJoinedByHyphens() {
        assertEquals("how-to-train-your-dragon", Slugs.of("How to train your dragon"));
        assertEquals("did-you-train-your-dragon", Slugs.of("  Did you train your dragon?  "));
        assertEquals("creme-brulee-a-la-francaise", Slugs.of("Crème brûlée à la française"));
        assertEquals("x-or-1-1-drop-table-articles", Slugs.of("x' OR '1'='1'; DROP TABLE articles; --"));
    }

    @Test
    void aTitleWithoutLettersOrDigitsIsArticle() {
        assertEquals("article", Slugs.of("?!"));
        assertEquals("article", Slugs.of("日本語"));
    }

    @Test
    void slugsAreCutAtMaxLengthWithoutATrailingHyphen() {
        String slug = Slugs.of("a".repeat(79) + " b" + "c".repeat(100));
        assertEquals("a".repeat(79), slug);
        assertEquals(Slugs.MAX_LENGTH, Slugs.of("z".repeat(500)).length());
    }

    @Test
    void aSuffixKeepsTheSlugRecognisable() {
        String suffixed = Slugs.withSuffix("dragon");
        assertTrue(suffixed.matches("dragon-[0-9a-z]{6}"), suffixed);
        assertNotEquals(suffixed, Slugs.withSuffix("dragon"));
    }
}
