package dev.kiln.processor.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.server.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @MaxBodySize} is read at build time by the processor's own copy of the settings' size rule; the two must
 * take and refuse the same texts, with the same values.
 */
class ByteSizesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1048576", "512KiB", "8MiB", "2GiB", "3 gib", "7b", "9223372036854775807"})
    void theProcessorReadsASizeAsTheSettingsDo(String text) {
        assertEquals(Settings.parseSize(text), ByteSizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "-1", "1.5MiB", "2GB", "2MB", "8kb", "1TiB", "9223372036854775808", "9000000000GiB"})
    void theProcessorRefusesWhatTheSettingsRefuse(String text) {
        assertThrows(IllegalArgumentException.class, () -> Settings.parseSize(text));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
    }
}
