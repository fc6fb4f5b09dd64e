package dev.kiln.realworld.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseTargetTest {
    @Test
    void aPostgresUrlBecomesJdbcWithItsCredentialsApart() {
        Database.Target t = Database.Target.parse("postgres://conduit:p%40ss:w+rd@db.local:5433/conduit?sslmode=require");
        assertEquals("jdbc:postgresql://db.local:5433/conduit?sslmode=require", t.jdbcUrl());
        assertEquals("conduit", t.user());
        assertEquals("p@ss:w+rd", t.password());
        assertEquals("postgresql://db.local:5433/conduit", t.description(), "no password, no query");
    }

    @Test
    void postgresqlSchemeAndNoCredentials() {
        Database.Target t = Database.Target.parse("postgresql://localhost/conduit");
        assertEquals("jdbc:postgresql://localhost/conduit", t.jdbcUrl());
        assertNull(t.user());
        assertNull(t.password());
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        Database.Target t = Database.Target.parse("jdbc:postgresql://localhost:5432/conduit?user=a&password=b");
        assertEquals("jdbc:postgresql://localhost:5432/conduit?user=a&password=b", t.jdbcUrl());
        assertEquals("jdbc:postgresql://localhost:5432/conduit", t.description());
    }

    @Test
    void otherUrlsAreRefusedWithTheFormToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.Target.parse("mysql://localhost/conduit"));
        assertEquals("DATABASE_URL must look like postgres://user:password@host:5432/name or jdbc:postgresql://...",
                e.getMessage());
    }
}
