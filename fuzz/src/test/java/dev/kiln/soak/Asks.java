package dev.kiln.soak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The well-formed requests of the soak, one method per route of the sample app's contract (README, "The sample app's
 * contract"), each with the check of its answer. Bodies are slices of one block of random bytes made once.
 */
final class Asks {
    /** The largest body sent: the block every body is a slice of. */
    static final int BLOCK = 4 * 1024 * 1024;
    private static final byte[] RANDOM = new byte[BLOCK];

    static {
        new Random(24).nextBytes(RANDOM);
    }

    private final Random random;
    /** The bytes of the sample's {@code static/app.js}, to check {@code /assets/app.js}; null: not asked for. */
    private final byte[] asset;

    Asks(Random random, byte[] asset) {
        this.random = random;
        this.asset = asset;
    }

    /** Any request from the mix a keep-alive client sends, weighted towards the small and common. */
    Ask any() {
        int pick = random.nextInt(100);
        if (pick < 12) return plaintext();
        if (pick < 24) return json();
        if (pick < 32) return postJson();
        if (pick < 42) return user();
        if (pick < 46) return fortunes();
        if (pick < 52) return export(random.nextInt(5000));
        if (pick < 58) return echo(size(1024 * 1024));
        if (pick < 61) return checksum(size(BLOCK));
        if (pick < 64) return upload(size(2 * 1024 * 1024));
        if (pick < 69) return feedback();
        if (pick < 73) return later();
        if (pick < 80 && asset != null) return random.nextBoolean() ? asset() : assetRange();
        if (pick < 84) return headJson();
        if (pick < 88) return notFound();
        if (pick < 92) return whoami();
        return plaintext();
    }

    /** A request that is answered on the event loop, at once or deferred: what a pipelining client sends. */
    Ask small() {
        return switch (random.nextInt(6)) {
            case 0 -> plaintext();
            case 1 -> json();
            case 2 -> user();
            case 3 -> later();
            case 4 -> slow(random.nextInt(20));
            default -> headJson();
        };
    }

    Ask plaintext() {
        return new Ask("GET /plaintext", Ask.get("GET", "/plaintext", ""), false, Ask.exactly(200, "Hello, World!"));
    }

    Ask json() {
        return new Ask("GET /json", Ask.get("GET", "/json", ""), false, Ask.exactly(200, "{\"message\":\"Hello, World!\"}"));
    }

    Ask headJson() {
        return new Ask("HEAD /json", Ask.get("HEAD", "/json", ""), true, r -> r.status() != 200 ? "status " + r.status()
                : !"27".equals(r.header("content-length")) ? "Content-Length " + r.header("content-length") + ", not 27"
                : null);
    }

    /** A JSON body with escapes in it, which the answer writes back decoded (and the quote escaped again). */
    Ask postJson() {
        String word = Long.toHexString(random.nextLong());
        String body = "{\"message\":\"soak " + word + " \\u00e9\\\"\"}";
        return new Ask("POST /json", Ask.post("POST", "/json", "application/json", body.getBytes(StandardCharsets.UTF_8), ""),
                false, Ask.exactly(200, "{\"message\":\"soak " + word + " é\\\"\"}"));
    }

    Ask user() {
        String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        return new Ask("GET /users/:id", Ask.get("GET", "/users/" + id, ""), false, Ask.exactly(200, "{\"id\":\"" + id + "\"}"));
    }

    Ask fortunes() {
        boolean gzip = random.nextBoolean();
        return new Ask("GET /fortunes", Ask.get("GET", "/fortunes", gzip ? "Accept-Encoding: gzip\r\n" : ""), false,
                Ask.holding(200, "Additional fortune added at request time.",
                        "&lt;script&gt;alert(&quot;This should not be displayed", "フレームワークのベンチマーク"));
    }

    Ask export(int rows) {
        StringBuilder csv = new StringBuilder("id,name,square\n");
        for (int i = 1; i <= rows; i++) csv.append(i).append(",item ").append(i).append(',').append((long) i * i).append('\n');
        boolean gzip = random.nextBoolean();
        return new Ask("GET /export.csv", Ask.get("GET", "/export.csv?rows=" + rows, gzip ? "Accept-Encoding: gzip\r\n" : ""),
                false, Ask.exactly(200, csv.toString()));
    }

    Ask echo(int size) {
        byte[] body = slice(size);
        return new Ask("POST /echo", Ask.post("POST", "/echo", "application/octet-stream", body, ""), false,
                Ask.exactly(200, body));
    }

    Ask checksum(int size) {
        byte[] body = slice(size);
        String expected = "{\"bytes\":" + size + ",\"sha256\":\"" + sha256(body) + "\"}";
        byte[] request = random.nextBoolean()
                ? Ask.post("POST", "/checksum", "application/octet-stream", body, "")
                : Ask.chunked("/checksum", "application/octet-stream", body, 1 + random.nextInt(64 * 1024));
        return new Ask("POST /checksum", request, false, Ask.exactly(200, expected));
    }

    Ask upload(int size) {
        byte[] file = slice(size);
        String boundary = "soak" + Long.toHexString(random.nextLong());
        byte[] body = Ask.concat(Ask.concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"soak.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), file),
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return new Ask("POST /upload", Ask.post("POST", "/upload", "multipart/form-data; boundary=" + boundary, body, ""), false,
                Ask.exactly(200, "{\"fileName\":\"soak.bin\",\"contentType\":\"application/octet-stream\",\"size\":" + size
                        + ",\"sha256\":\"" + sha256(file) + "\"}"));
    }

    Ask feedback() {
        int rating = 1 + random.nextInt(5);
        String body = "name=soak+client&rating=" + rating + "&topic=speed&topic=leaks&comment=fine%21";
        return new Ask("POST /feedback", Ask.post("POST", "/feedback", "application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.US_ASCII), ""), false,
                Ask.exactly(200, "thanks, soak client: " + rating + "/5 on speed, leaks (5 characters of comment)"));
    }

    Ask later() {
        return new Ask("GET /later", Ask.get("GET", "/later?ms=" + random.nextInt(30), ""), false,
                Ask.exactly(200, "{\"message\":\"later\"}"));
    }

    /** The {@code @Blocking} route: sleeps {@code ms} on a worker. */
    Ask slow(int ms) {
        return new Ask("GET /slow", Ask.get("GET", "/slow?ms=" + ms, ""), false, Ask.exactly(200, "slept " + ms + " ms"));
    }

    Ask asset() {
        return new Ask("GET /assets/app.js", Ask.get("GET", "/assets/app.js", ""), false, Ask.exactly(200, asset));
    }

    Ask assetRange() {
        int from = random.nextInt(asset.length);
        int to = from + random.nextInt(asset.length - from);
        byte[] part = java.util.Arrays.copyOfRange(asset, from, to + 1);
        return new Ask("GET /assets/app.js (range)", Ask.get("GET", "/assets/app.js", "Range: bytes=" + from + "-" + to + "\r\n"),
                false, Ask.exactly(206, part));
    }

    Ask notFound() {
        return new Ask("GET 404", Ask.get("GET", "/nothing/" + random.nextInt(1000), ""), false,
                r -> r.status() == 404 ? null : "status " + r.status() + ", not 404");
    }

    Ask whoami() {
        String id = "soak-" + Long.toHexString(random.nextLong());
        return new Ask("GET /whoami", Ask.get("GET", "/whoami", "X-Request-Id: " + id + "\r\n"), false, Ask.exactly(200, id));
    }

    /** A random size up to {@code max}, most of them small. */
    int size(int max) {
        return random.nextInt(4) == 0 ? random.nextInt(max) + 1 : random.nextInt(Math.min(max, 16 * 1024)) + 1;
    }

    byte[] slice(int size) {
        int from = random.nextInt(BLOCK - size + 1);
        return java.util.Arrays.copyOfRange(RANDOM, from, from + size);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
