package dev.kiln.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Turns the part of a request path after a mount's prefix into a relative file name that cannot leave the mounted
 * directory, or refuses it. The one place that decides what a request may name, so that every way out has one
 * check: percent-escapes are decoded once (a {@code %25} stays a {@code %}, never decoded again); an encoded
 * {@code /} or {@code \}, a backslash, a NUL or other control character, invalid UTF-8, a {@code .} or {@code ..}
 * segment, an empty segment (which would make {@code //etc/passwd} absolute) and a drive letter ({@code C:}) are
 * all refused. The caller still checks the resolved file against the directory's real path, for symbolic links.
 */
final class SafePath {
    private SafePath() {}

    /**
     * The relative name {@code raw} names, with {@code /} between segments, or null when it is refused. {@code raw}
     * is the path as sent, without the query; empty names the directory itself. A trailing {@code /} is kept, so
     * the caller can tell a request for a directory.
     */
    static String relative(String raw) {
        if (raw.isEmpty()) return "";
        if (raw.charAt(0) == '/') return null; // an absolute path, or an empty first segment
        ByteArrayOutputStream bytes = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream(raw.length());
                    for (int k = 0; k < i; k++) bytes.write(raw.charAt(k));
                }
                if (i + 2 >= raw.length()) return null;
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                int b = hi << 4 | lo;
                if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) return null; // encoded separators, NUL, controls
                bytes.write(b);
                i += 2;
            } else if (c == '\\' || c < 0x20 || c == 0x7f) {
                return null;
            } else if (bytes != null) {
                if (c > 0x7f) return null; // a request target is ASCII (RFC 9112 §3.2); the decoder lets none else in
                bytes.write(c);
            } else if (c > 0x7f) {
                return null;
            }
        }
        String name;
        if (bytes == null) {
            name = raw;
        } else {
            try {
                name = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
        return segmentsAreSafe(name) ? name : null;
    }

    /** Whether every segment of decoded {@code name} is a plain file name: not empty (bar a last), not a dot segment. */
    private static boolean segmentsAreSafe(String name) {
        int start = 0;
        while (start <= name.length()) {
            int end = name.indexOf('/', start);
            if (end < 0) end = name.length();
            String segment = name.substring(start, end);
            if (segment.isEmpty() && end < name.length()) return false; // "a//b": an empty segment before more
            if (segment.equals(".") || segment.equals("..")) return false;
            if (segment.indexOf(':') >= 0 && start == 0 && segment.length() >= 2 && segment.charAt(1) == ':') {
                return false; // "C:..." is a drive on Windows
            }
            start = end + 1;
        }
        return true;
    }
}
