package dev.kiln.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A seeded generator of byte streams: a valid request to one of the sample's routes, changed by one or two
 * mutations of the kinds request smuggling and parser differentials are made of, followed by a valid
 * {@code GET /plaintext} (the canary). Whether the canary is answered, and as what, shows where the server thought
 * the first request ended. The same seed gives the same cases.
 */
final class Mutations {
    /** One generated case: the mutations applied ({@code +}-joined) and the bytes to send. */
    record Case(int index, String kind, byte[] bytes) {
        /** The bytes with CR, LF, TAB and other controls written as escapes, for a report. */
        String escaped() {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                int c = b & 0xff;
                switch (c) {
                    case '\r' -> sb.append("\\r");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", c));
                        else sb.append((char) c);
                    }
                }
            }
            return sb.toString();
        }
    }

    static final String CANARY = "GET /plaintext HTTP/1.1\r\nHost: canary\r\n\r\n";

    /** A request being mutated: its request line's parts, its field lines as sent, its body. */
    static final class Request {
        String method;
        String target;
        String version = "HTTP/1.1";
        String sp1 = " ";
        String sp2 = " ";
        String prefix = "";
        final List<String> fields = new ArrayList<>();
        String body = "";
        boolean chunked;
        /** Replaces the head's CRLFs after rendering: {@code [index of the CRLF, replacement]}, -1 for none. */
        int eolIndex = -1;
        String eolReplacement;

        String render() {
            StringBuilder head = new StringBuilder(prefix).append(method).append(sp1).append(target).append(sp2)
                    .append(version).append("\r\n");
            for (String f : fields) head.append(f).append("\r\n");
            head.append("\r\n");
            String h = head.toString();
            int crlfs = (h.length() - h.replace("\r\n", "").length()) / 2;
            if (eolIndex >= 0 && crlfs > 0) {
                int at = -1;
                for (int i = 0; i <= eolIndex % crlfs; i++) at = h.indexOf("\r\n", at + 1);
                h = h.substring(0, at) + eolReplacement + h.substring(at + 2);
            }
            return h + body;
        }

        int field(String name) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).regionMatches(true, 0, name + ":", 0, name.length() + 1)) return i;
            }
            return -1;
        }
    }

    private record Mutation(String name, BiConsumer<Request, Random> apply) {}

    /**
     * The index of a field line with a name and a colon, to change; when an earlier mutation left none, one is
     * added to be changed.
     */
    private static int anyField(Request q, Random r) {
        List<Integer> named = new ArrayList<>();
        for (int i = 0; i < q.fields.size(); i++) if (q.fields.get(i).indexOf(':') > 0) named.add(i);
        if (named.isEmpty()) {
            q.fields.add("X-A: b");
            return q.fields.size() - 1;
        }
        return named.get(r.nextInt(named.size()));
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("header-name-case", (q, r) -> {
                int i = anyField(q, r);
                String f = q.fields.get(i);
                int colon = f.indexOf(':');
                StringBuilder name = new StringBuilder();
                for (char c : f.substring(0, colon).toCharArray()) {
                    name.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                }
                q.fields.set(i, name + f.substring(colon));
            }),
            new Mutation("ws-before-colon", (q, r) -> {
                int i = anyField(q, r);
                q.fields.set(i, q.fields.get(i).replaceFirst(":", pick(r, " :", "\t:", "  :")));
            }),
            new Mutation("ws-after-colon", (q, r) -> {
                int i = anyField(q, r);
                String f = q.fields.get(i);
                int colon = f.indexOf(':');
                String value = f.substring(colon + 1).trim();
                String ws = pick(r, "", "\t", "   ", " \t ");
                String tail = pick(r, "", " ", "\t", " \t");
                q.fields.set(i, f.substring(0, colon + 1) + ws + value + tail);
            }),
            new Mutation("duplicate-field", (q, r) -> {
                int i = anyField(q, r);
                String f = q.fields.get(i);
                String name = f.substring(0, f.indexOf(':'));
                String value = switch (name.toLowerCase(Locale.ROOT)) {
                    case "host" -> pick(r, "canary", "other");
                    case "content-length" -> pick(r, f.substring(f.indexOf(':') + 1).trim(), "0", "7");
                    default -> f.substring(f.indexOf(':') + 1).trim();
                };
                q.fields.add(r.nextInt(q.fields.size() + 1), name + ": " + value);
            }),
            new Mutation("host", (q, r) -> {
                int i = q.field("Host");
                if (i < 0) {
                    q.fields.add("Host: canary");
                    return;
                }
                String v = pick(r, "", " ", "a b", "a:99999", "a@b", "[::1]", "a:", "a/b", "-");
                if (r.nextInt(4) == 0) q.fields.remove(i);
                else q.fields.set(i, "Host: " + v);
            }),
            new Mutation("folded-field", (q, r) -> {
                int i = r.nextInt(q.fields.size() + 1);
                if (i == q.fields.size()) {
                    q.fields.add("X-Fold: a\r\n" + pick(r, " b", "\tb", "  b"));
                } else {
                    String f = q.fields.get(i);
                    int colon = f.indexOf(':');
                    q.fields.set(i, f.substring(0, colon + 1) + "\r\n" + pick(r, " ", "\t") + f.substring(colon + 1).trim());
                }
            }),
            new Mutation("transfer-coding", (q, r) -> {
                String te = pick(r, "chunked, chunked", "identity, chunked", "gzip, chunked", "chunked, gzip",
                        "Chunked", "CHUNKED", "chunked ", "xchunked", "chunked;q=1", "identity", "", "chunked,",
                        ",chunked", "chunk", "\"chunked\"", "gzip", "chunked\u000b");
                int i = q.field("Transfer-Encoding");
                if (i >= 0) q.fields.set(i, "Transfer-Encoding: " + te);
                else q.fields.add("Transfer-Encoding: " + te);
            }),
            new Mutation("two-te-fields", (q, r) -> {
                int i = q.field("Transfer-Encoding");
                if (i >= 0) q.fields.add(i, "Transfer-Encoding: " + pick(r, "gzip", "identity", "chunked"));
                else q.fields.add("Transfer-Encoding: chunked");
            }),
            new Mutation("cl-and-te", (q, r) -> {
                if (q.field("Transfer-Encoding") < 0) q.fields.add(pick(r, "Transfer-Encoding: chunked", "Transfer-Encoding: identity"));
                if (q.field("Content-Length") < 0) q.fields.add("Content-Length: " + pick(r, "0", "3", "5", "200"));
            }),
            new Mutation("content-length", (q, r) -> {
                String cl = pick(r, "0000000000000000000005", "+5", "-5", "5.0", "0x5", "99999999999999999999999",
                        "5, 5", "5,5", "5, 6", "5 5", "", " 5", "\u00005", "5a", "1e1", "\u00b9", "9223372036854775808");
                int i = q.field("Content-Length");
                if (i >= 0) q.fields.set(i, "Content-Length: " + cl);
                else q.fields.add("Content-Length: " + cl);
            }),
            new Mutation("chunk-size", (q, r) -> {
                if (!q.chunked) return;
                String size = pick(r, "00000005", "5 ", "0x5", "+5", "fffffffffffffffffff5", "-5", "5\t", "5 5", " 5", "05");
                q.body = q.body.replaceFirst("^5\r\n", size + "\r\n");
            }),
            new Mutation("chunk-extension", (q, r) -> {
                if (!q.chunked) return;
                String ext = pick(r, ";a=b", " ; a=b", ";a=\"x;y\"", ";a", ";", ";a=b\nc", ";a=\"\r\n\"", ";;", "\t;a=b");
                q.body = q.body.replaceFirst("^5\r\n", "5" + ext + "\r\n");
            }),
            new Mutation("chunk-trailer", (q, r) -> {
                if (!q.chunked) return;
                String trailer = pick(r, "X-T: 1\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
                        "X T: 1\r\n", " X-T: 1\r\n", "X-T: 1\n", "X-T\r\n");
                q.body = q.body.replaceFirst("0\r\n\r\n$", "0\r\n" + trailer + "\r\n");
            }),
            new Mutation("chunk-line-ending", (q, r) -> {
                if (!q.chunked) return;
                q.body = switch (r.nextInt(4)) {
                    case 0 -> q.body.replaceFirst("^5\r\n", "5\n");
                    case 1 -> q.body.replaceFirst("hello\r\n", "hello\n");
                    case 2 -> q.body.replaceFirst("0\r\n\r\n$", "0\n\n");
                    default -> q.body.replaceFirst("hello\r\n", "hellox");
                };
            }),
            new Mutation("bare-lf", (q, r) -> {
                q.eolIndex = r.nextInt(16);
                q.eolReplacement = "\n";
            }),
            new Mutation("bare-cr", (q, r) -> {
                if (r.nextBoolean()) {
                    q.eolIndex = r.nextInt(16);
                    q.eolReplacement = "\r";
                } else {
                    q.fields.add("X-CR: a\rb");
                }
            }),
            new Mutation("absolute-form", (q, r) -> q.target = pick(r, "http://a", "https://a", "HTTP://A", "http://a:8080",
                    "http://u@a", "//a", "ftp://a", "http:/a", "http://a?x") + q.target),
            new Mutation("http-version", (q, r) -> q.version = pick(r, "HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9",
                    "http/1.1", "HTTP/1.10", "HTTP/01.1", "HTTP/1", "HTTP/3.0", "", "HTTP/1.1 ", "HTTP /1.1", "HTTP/9.9",
                    "HTTP/1.1\u0000", "HTTP/1.a")),
            new Mutation("request-line-ws", (q, r) -> {
                if (r.nextBoolean()) q.sp1 = pick(r, "  ", "\t", "\u000b", "\r");
                else q.sp2 = pick(r, "  ", "\t", " \t");
            }),
            new Mutation("method", (q, r) -> q.method = pick(r, q.method.toLowerCase(Locale.ROOT), "FOO", "G(T", "GET\u0000",
                    "", "\u00e9", "PRI", "CONNECT", "TRACE")),
            new Mutation("ctl-in-value", (q, r) -> q.fields.add("X-C: a" + pick(r, "\u0000", "\u0001", "\u007f", "\u00ff", "\u001b", "\u000b") + "b")),
            new Mutation("bad-field-name", (q, r) -> q.fields.add(r.nextInt(q.fields.size() + 1),
                    pick(r, "X A: b", "X(A): b", ": b", "X-A\u0000: b", "X-A", "\u00e9: b", "X\"A: b", "X-A:: b"))),
            new Mutation("leading-ws-field", (q, r) -> q.fields.add(0, pick(r, " X-A: b", "\tX-A: b", " Host: canary"))),
            new Mutation("empty-lines-first", (q, r) -> q.prefix = pick(r, "\r\n", "\n", "\r\n\r\n", " \r\n")),
            new Mutation("target", (q, r) -> q.target = pick(r, "/plain%74ext", "/./plaintext", "/%2e/plaintext",
                    "/plaintext#f", "/plaintext%", "/users/%2F", "/users/%zz", "*", "/plaintext?a=%", "/../plaintext",
                    "/users/a%00b", "/users/a\u0000b", "/users/a\u001bb", "plaintext", "/plaintext\u007f", "/\u00e9")),
            new Mutation("expect", (q, r) -> q.fields.add("Expect: " + pick(r, "100-continue", "100-Continue", "foo", ""))),
            new Mutation("connection", (q, r) -> q.fields.add(pick(r, "Connection: close", "Connection: keep-alive, Upgrade",
                    "Upgrade: h2c", "Connection: Upgrade\r\nUpgrade: websocket", "Connection: Transfer-Encoding",
                    "Connection: Content-Length"))));

    /** The valid requests mutated: one per route kind and framing. */
    private static Request base(int which) {
        Request q = new Request();
        switch (which) {
            case 0 -> {
                q.method = "GET";
                q.target = "/plaintext";
                q.fields.add("Host: canary");
                q.fields.add("Accept: */*");
            }
            case 1 -> {
                q.method = "GET";
                q.target = "/users/42";
                q.fields.add("Host: canary");
            }
            case 2 -> {
                q.method = "POST";
                q.target = "/echo";
                q.fields.add("Host: canary");
                q.fields.add("Content-Length: 5");
                q.body = "hello";
            }
            default -> {
                q.method = "POST";
                q.target = "/echo";
                q.fields.add("Host: canary");
                q.fields.add("Transfer-Encoding: chunked");
                q.body = "5\r\nhello\r\n0\r\n\r\n";
                q.chunked = true;
            }
        }
        return q;
    }

    private final Random random;
    private int index;

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    /** The next case: a base request, one mutation (two in a quarter of the cases), then the canary. */
    Case next() {
        Request q = base(random.nextInt(4));
        Mutation first = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
        first.apply.accept(q, random);
        String kind = first.name;
        if (random.nextInt(4) == 0) {
            Mutation second = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
            second.apply.accept(q, random);
            kind += "+" + second.name;
        }
        byte[] bytes = (q.render() + CANARY).getBytes(StandardCharsets.ISO_8859_1);
        return new Case(index++, kind, bytes);
    }
}
