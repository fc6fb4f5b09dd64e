package dev.kiln.realworld.auth;

import io.avaje.jsonb.Json;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON Web Tokens (RFC 7519) signed with HMAC-SHA256 (RFC 7518 §3.2), the JDK's {@link Mac} and nothing else.
 *
 * <p>A token names its user by id ({@code sub}) and expires ({@code exp}) {@link #DEFAULT_TTL} after it was signed.
 * {@link #verify} accepts only tokens this class signed: the header must be exactly {@link #HEADER} (so no
 * {@code "alg":"none"} and no other algorithm), the signature is compared in constant time, and an expired
 * token is refused.
 */
public final class Jwt {
    /** How long a token is good for unless the constructor says otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    /** The one header this class writes and accepts: {@code {"alg":"HS256","typ":"JWT"}}, base64url. */
    static final String HEADER = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final JsonType<Claims> CLAIMS = Jsonb.builder().build().type(Claims.class);

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    /** The claims this class writes: the user's id, and when the token was issued and expires (epoch seconds). */
    @Json
    public record Claims(String sub, long iat, long exp) {}

    /** Tokens signed with {@code secret} (at least 32 bytes), good for {@code ttl}, timed by {@code clock}. */
    public Jwt(byte[] secret, Duration ttl, Clock clock) {
        Objects.requireNonNull(secret, "secret == null");
        if (secret.length < 32) throw new IllegalArgumentException("secret has " + secret.length + " bytes; HS256 needs 32");
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.ttl = Objects.requireNonNull(ttl, "ttl == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /** Tokens signed with {@code secret}, good for {@link #DEFAULT_TTL}. */
    public Jwt(byte[] secret) {
        this(secret, DEFAULT_TTL, Clock.systemUTC());
    }

    /** 32 random bytes: a secret for one process, whose tokens die with it. */
    public static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** A token for user {@code userId}. */
    public String sign(long userId) {
        long now = clock.instant().getEpochSecond();
        String payload = base64(CLAIMS.toJsonBytes(new Claims(Long.toString(userId), now, now + ttl.toSeconds())));
        String signingInput = HEADER + "." + payload;
        return signingInput + "." + base64(mac(signingInput));
    }

    /** The user id {@code token} names, or empty when it is malformed, forged, signed otherwise or expired. */
    public OptionalLong verify(String token) {
        if (token == null) return OptionalLong.empty();
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) return OptionalLong.empty();
        if (!token.startsWith(HEADER) || first != HEADER.length()) return OptionalLong.empty();
        try {
            byte[] given = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(given, mac(token.substring(0, second)))) return OptionalLong.empty();
            Claims claims = CLAIMS.fromJson(DECODER.decode(token.substring(first + 1, second)));
            if (claims.sub() == null || clock.instant().getEpochSecond() >= claims.exp()) return OptionalLong.empty();
            return OptionalLong.of(Long.parseLong(claims.sub()));
        } catch (RuntimeException e) { // bad base64, JSON or number: not a token of ours
            return OptionalLong.empty();
        }
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe; cheap to make
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
