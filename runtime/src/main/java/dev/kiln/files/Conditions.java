package dev.kiln.files;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/** The conditional request headers of RFC 9110 §13 as a file answer reads them. */
final class Conditions {
    private Conditions() {}

    /**
     * Whether the answer is a 304: {@code If-None-Match} lists the file's tag or is {@code *} (weak comparison,
     * §13.1.2); without it, {@code If-Modified-Since} is a valid date not before the file's last change, to the
     * second (§13.1.3).
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, long modifiedMillis) {
        if (ifNoneMatch != null) return listsTag(ifNoneMatch, etag);
        if (ifModifiedSince == null) return false;
        Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        return since != null && modifiedMillis / 1000 <= since.getTime() / 1000;
    }

    /**
     * Whether a {@code Range} is to be honoured: there is no {@code If-Range}, or it is the file's tag (a strong
     * comparison, and a weak tag never matches) or exactly its {@code Last-Modified} (§13.1.5).
     */
    static boolean rangeApplies(String ifRange, String etag, String lastModified) {
        if (ifRange == null) return true;
        String v = ifRange.trim();
        return v.startsWith("\"") ? v.equals(etag) : v.equals(lastModified);
    }

    /** Whether the comma-separated list of entity tags {@code header} holds {@code etag}, weakly, or is {@code *}. */
    private static boolean listsTag(String header, String etag) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ',')) i++;
            if (i >= n) break;
            if (header.charAt(i) == '*') return true;
            if (header.startsWith("W/", i)) i += 2;
            int end = header.indexOf(',', i);
            if (end < 0) end = n;
            String tag = header.substring(i, end).trim();
            if (tag.equals(etag)) return true;
            i = end;
        }
        return false;
    }
}
