package dev.kiln.realworld.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void theRightPasswordMatchesAndOthersDoNot() {
        String stored = Passwords.hash("jakejake");
        assertTrue(Passwords.matches("jakejake", stored));
        assertFalse(Passwords.matches("jakejak", stored));
        assertFalse(Passwords.matches("JAKEJAKE", stored));
    }

    @Test
    void eachHashHasItsOwnSaltAndSaysHowItWasMade() {
        String a = Passwords.hash("same");
        String b = Passwords.hash("same");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("pbkdf2-sha512$" + Passwords.ITERATIONS + "$"), a);
        assertFalse(a.contains("same"));
    }

    @Test
    void noUserAndDamagedHashesMatchNothing() {
        assertFalse(Passwords.matches("x", null));
        assertFalse(Passwords.matches("x", "plain-text"));
        assertFalse(Passwords.matches("x", "pbkdf2-sha512$abc$AAAA$AAAA"));
        assertFalse(Passwords.matches("x", "pbkdf2-sha512$1000$!!!$AAAA"));
        assertFalse(Passwords.matches("x", "md5$1$AAAA$AAAA"));
    }
}
