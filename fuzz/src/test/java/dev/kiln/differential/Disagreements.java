package dev.kiln.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The known ways Kiln accepts what nginx refuses, each with what RFC 9110/9112 says and whether Kiln's answer
 * stands ({@link Standing#ALLOWED}: the RFC allows it and it frames the stream the same) or is a conformance bug
 * reported for a fix in the request checks ({@link Standing#BUG}). docs/conformance-differential.md is the same
 * list for people. An unsafe disagreement that no entry explains fails {@link NginxDifferentialTest}.
 */
final class Disagreements {
    enum Standing { ALLOWED, BUG }

    record Known(String name, Standing standing, String rfc, Predicate<Head> matches) {}

    /** The mutated request's head (the bytes before the canary), split into its lines. */
    record Head(String requestLine, List<String> fields) {
        static Head of(byte[] stream) {
            String text = new String(stream, StandardCharsets.ISO_8859_1);
            int canary = text.lastIndexOf(Mutations.CANARY);
            String request = (canary >= 0 ? text.substring(0, canary) : text).replaceFirst("^[\r\n]+", "");
            int end = request.indexOf("\r\n\r\n");
            String head = end >= 0 ? request.substring(0, end) : request;
            List<String> lines = new ArrayList<>(List.of(head.split("\r?\n", -1)));
            while (!lines.isEmpty() && lines.get(0).isEmpty()) lines.remove(0);
            return new Head(lines.isEmpty() ? "" : lines.get(0), lines.isEmpty() ? List.of() : lines.subList(1, lines.size()));
        }

        List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String f : fields) {
                int colon = f.indexOf(':');
                if (colon > 0 && f.substring(0, colon).equalsIgnoreCase(name)) out.add(f.substring(colon + 1));
            }
            return out;
        }
    }

    private static String ows(String value) {
        return value.replaceAll("^[ \t]+|[ \t]+$", "");
    }

    static final List<Known> KNOWN = List.of(
            new Known("empty Host", Standing.ALLOWED,
                    "RFC 9112 §3.2: Host is sent empty when the target has no authority; nginx refuses it",
                    h -> h.values("Host").stream().anyMatch(v -> ows(v).isEmpty())),
            new Known("whitespace other than one SP around Host, Content-Length or Transfer-Encoding", Standing.ALLOWED,
                    "RFC 9112 §5.1: OWS (SP and HTAB) before and after a field value is not part of it; nginx refuses"
                            + " a tab there, and no space at all around Host",
                    h -> List.of("Host", "Content-Length", "Transfer-Encoding").stream().flatMap(n -> h.values(n).stream())
                            .anyMatch(v -> !v.equals(" " + ows(v)))),
            new Known("Expect: 100-continue twice", Standing.ALLOWED,
                    "RFC 9110 §10.1.1: 100-continue is the only expectation; twice is the same list. nginx refuses it",
                    h -> h.values("Expect").size() > 1
                            && h.values("Expect").stream().allMatch(v -> ows(v).equalsIgnoreCase("100-continue"))),
            new Known("obs-fold", Standing.ALLOWED,
                    "RFC 9112 §5.2: a server MUST reject an obs-fold with 400 or replace it with SP; Netty replaces it",
                    h -> h.fields.stream().anyMatch(f -> f.startsWith(" ") || f.startsWith("\t"))),
            new Known("whitespace other than one SP in the request-line", Standing.ALLOWED,
                    "RFC 9112 §3: a recipient MAY split the request-line on any whitespace (SP, HTAB, VT, FF, bare CR)",
                    h -> h.requestLine.contains("\t") || h.requestLine.contains("\u000b") || h.requestLine.contains("\r")
                            || h.requestLine.contains("  ")),
            new Known("empty elements (or an empty line) in Transfer-Encoding", Standing.ALLOWED,
                    "RFC 9110 §5.6.1: a recipient MUST accept and ignore empty list elements; nginx answers 501",
                    h -> h.values("Transfer-Encoding").stream().anyMatch(v -> ows(v).startsWith(",") || ows(v).endsWith(",")
                            || v.contains(",,") || ows(v).isEmpty())));

    /** The entries that explain a case; empty when none does. */
    static List<Known> explain(Mutations.Case input) {
        Head head = Head.of(input.bytes());
        return KNOWN.stream().filter(k -> k.matches.test(head)).toList();
    }

    private Disagreements() {}
}
