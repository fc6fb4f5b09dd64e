package dev.kiln.realworld.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JwtTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Jwt jwt = new Jwt(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    @Test
    void aTokenItSignedNamesItsUser() {
        String token = jwt.sign(42);
        assertEquals(OptionalLong.of(42), jwt.verify(token));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", decode(parts[0]));
        String payload = decode(parts[1]);
        assertTrue(payload.contains("\"sub\":\"42\""), payload);
        assertTrue(payload.contains("\"exp\":" + (NOW.getEpochSecond() + 3600)), payload);
    }

    @Test
    void theSignatureIsHmacSha256AsRfc7515Computes() throws Exception {
        String token = jwt.sign(7);
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = jwt.sign(42);
        Jwt later = new Jwt(SECRET, Duration.ofHours(1), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertEquals(OptionalLong.empty(), later.verify(token));
        Jwt justBefore = new Jwt(SECRET, Duration.ofHours(1), Clock.fixed(NOW.plusSeconds(3599), ZoneOffset.UTC));
        assertEquals(OptionalLong.of(42), justBefore.verify(token));
    }

    @Test
    void aTokenOfAnotherKeyIsRefused() {
        Jwt other = new Jwt("another key, thirty-two bytes long".getBytes(StandardCharsets.UTF_8));
        assertEquals(OptionalLong.empty(), jwt.verify(other.sign(42)));
    }

    @Test
    void aChangedPayloadIsRefused() {
        String[] parts = jwt.sign(42).split("\\.");
        String forged = parts[0] + "." + b64(decode(parts[1]).replace("\"42\"", "\"1\"")) + "." + parts[2];
        assertEquals(OptionalLong.empty(), jwt.verify(forged));
    }

    @Test
    void algNoneAndOtherHeadersAreRefused() {
        String[] parts = jwt.sign(42).split("\\.");
        assertEquals(OptionalLong.empty(), jwt.verify(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
        assertEquals(OptionalLong.empty(), jwt.verify(b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]));
        assertEquals(OptionalLong.empty(), jwt.verify(b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}") + "." + parts[1] + "." + parts[2]));
    }

    @Test
    void malformedTokensAreRefused() {
        String token = jwt.sign(42);
        for (String bad : new String[] {null, "", ".", "..", "a.b.c", token + ".", token.replace('.', ','),
                token.substring(0, token.length() - 1) + "*", token + "AAAA"}) {
            assertEquals(OptionalLong.empty(), jwt.verify(bad), String.valueOf(bad));
        }
    }

    @Test
    void aSubjectThatIsNotANumberIsRefused() throws Exception {
        String signingInput = Jwt.HEADER + "." + b64("{\"sub\":\"admin\",\"iat\":0,\"exp\":99999999999}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        String token = signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(OptionalLong.empty(), jwt.verify(token));
    }

    @Test
    void aShortSecretIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Jwt(new byte[31]));
        assertEquals("secret has 31 bytes; HS256 needs 32", e.getMessage());
    }
}
