package dev.kiln.realworld.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void everyFileOfTheFolderIsListedInOrder() throws IOException {
        List<String> files;
        try (Stream<Path> folder = Files.list(Path.of("src/main/resources/db"))) {
            files = folder.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(files, Migrations.FILES.stream().sorted().toList(), "a migration file that is not in FILES never runs");
        List<Migrations.Migration> loaded = Migrations.load(Migrations.FILES);
        assertEquals(1, loaded.get(0).version());
        assertEquals("init", loaded.get(0).description());
        assertTrue(loaded.get(0).sql().contains("CREATE TABLE users"));
    }

    @Test
    void badNamesAndOrderAreRefused() {
        IllegalStateException name = assertThrows(IllegalStateException.class, () -> Migrations.load(List.of("init.sql")));
        assertEquals("migration init.sql is not named V<n>__<words>.sql", name.getMessage());
        IllegalStateException order = assertThrows(IllegalStateException.class,
                () -> Migrations.load(List.of("V1__init.sql", "V1__init.sql")));
        assertEquals("migration V1__init.sql is out of order", order.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Migrations.load(List.of("V1__init.sql", "V2__missing.sql")));
        assertEquals("migration db/V2__missing.sql is not on the class path", missing.getMessage());
    }
}
