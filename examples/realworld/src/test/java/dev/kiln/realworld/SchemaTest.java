package dev.kiln.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.realworld.db.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The migrations on the real database: applied once, and a changed one is refused rather than ignored. */
class SchemaTest {
    @Test
    void migratingAgainAppliesNothing() throws Exception {
        TestServer app = TestServer.get(); // opening it migrated
        assertEquals(0, Migrations.migrate(app.db.dataSource()));
        try (Connection c = app.db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT version, description FROM schema_version ORDER BY version");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals("init", rs.getString(2));
        }
    }

    @Test
    void aMigrationChangedAfterItWasAppliedIsRefused() throws Exception {
        TestServer app = TestServer.get();
        long checksum = checksum(app, 1);
        setChecksum(app, 1, checksum + 1);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.migrate(app.db.dataSource()));
            assertEquals("migration V1__init was changed after it was applied; add a new version instead", e.getMessage());
        } finally {
            setChecksum(app, 1, checksum);
        }
        assertEquals(0, Migrations.migrate(app.db.dataSource()));
    }

    private static long checksum(TestServer app, int version) throws SQLException {
        try (Connection c = app.db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT checksum FROM schema_version WHERE version = ?")) {
            s.setInt(1, version);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void setChecksum(TestServer app, int version, long checksum) throws SQLException {
        try (Connection c = app.db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE schema_version SET checksum = ? WHERE version = ?")) {
            s.setLong(1, checksum);
            s.setInt(2, version);
            s.executeUpdate();
        }
    }
}
