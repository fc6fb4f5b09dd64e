package dev.kiln.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeTypesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html|text/html; charset=utf-8",
            "a/b/APP.JS|text/javascript; charset=utf-8",
            "x.min.css|text/css; charset=utf-8",
            "logo.svg|image/svg+xml",
            "font.woff2|font/woff2",
            "data.json|application/json",
            "archive.tar.gz|application/gzip",
            "README|application/octet-stream",
            ".env|application/octet-stream",
            "a.b/c|application/octet-stream",
            "trailing.|application/octet-stream",
            "x.exe|application/octet-stream"})
    void theTypeComesFromTheLastExtension(String name, String type) {
        assertEquals(type, MimeTypes.of(name));
    }
}
