package dev.kiln.server;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;

/**
 * The headers of an HTTP/2 request as the application reads HTTP/1.1 ones, read through, not copied: what
 * {@link Http2Streams} gives the {@link PooledContext} of a stream it serves on the connection. Names are matched
 * without regard to case (HTTP/2 sends them in lower case, RFC 9113 §8.2.2), the pseudo-header fields are not
 * among them, {@code Host} is {@code :authority} when the request has no {@code host} field (RFC 9113 §8.3.1), and
 * several {@code cookie} fields read as one, joined with {@code "; "} (RFC 9113 §8.2.3), as Netty's conversion to
 * HTTP/1.1 makes them.
 *
 * <p>Read-only: the server checks and answers a request without changing its headers, and the application has no
 * way to; a change is refused with {@link UnsupportedOperationException}. {@link #copy()} makes a mutable copy.
 */
final class Http2RequestHeaders extends HttpHeaders {
    private final Http2Headers h2;

    Http2RequestHeaders(Http2Headers h2) {
        this.h2 = h2;
    }

    /** {@code name} as HTTP/2 sends it: in lower case. Allocates only for a name written with an upper-case letter. */
    private static CharSequence lower(CharSequence name) {
        if (name instanceof AsciiString ascii) return ascii.toLowerCase(); // itself when already lower case
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') return AsciiString.of(name).toLowerCase();
        }
        return name;
    }

    private static boolean isPseudo(CharSequence name) {
        return name.length() > 0 && name.charAt(0) == ':';
    }

    private CharSequence value(CharSequence name) {
        CharSequence n = lower(name);
        if (isPseudo(n)) return null;
        if (HttpHeaderNames.COOKIE.contentEquals(n)) return cookie();
        CharSequence v = h2.get(n);
        if (v == null && HttpHeaderNames.HOST.contentEquals(n)) return h2.authority();
        return v;
    }

    /** The {@code cookie} fields as one value; null when there is none. */
    private String cookie() {
        List<CharSequence> crumbs = h2.getAll(HttpHeaderNames.COOKIE);
        if (crumbs.isEmpty()) return null;
        if (crumbs.size() == 1) return crumbs.get(0).toString();
        return String.join("; ", crumbs);
    }

    @Override
    public String get(String name) {
        CharSequence v = value(name);
        return v == null ? null : v.toString();
    }

    @Override
    public String get(CharSequence name) {
        CharSequence v = value(name);
        return v == null ? null : v.toString();
    }

    @Override
    public Integer getInt(CharSequence name) {
        CharSequence v = value(name);
        if (v == null) return null;
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        Integer v = getInt(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public Short getShort(CharSequence name) {
        CharSequence v = value(name);
        if (v == null) return null;
        try {
            return Short.parseShort(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        Short v = getShort(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public Long getTimeMillis(CharSequence name) {
        CharSequence v = value(name);
        Date date = v == null ? null : DateFormatter.parseHttpDate(v);
        return date == null ? null : date.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        Long v = getTimeMillis(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        CharSequence n = lower(name);
        if (isPseudo(n)) return List.of();
        if (HttpHeaderNames.COOKIE.contentEquals(n) || HttpHeaderNames.HOST.contentEquals(n) && !h2.contains(n)) {
            String v = get(n);
            return v == null ? List.of() : List.of(v);
        }
        List<CharSequence> values = h2.getAll(n);
        List<String> all = new ArrayList<>(values.size());
        for (CharSequence v : values) all.add(v.toString());
        return all;
    }

    @Override
    public List<Entry<String, String>> entries() {
        List<Entry<String, String>> entries = new ArrayList<>(size());
        Iterator<Entry<String, String>> it = iterator();
        while (it.hasNext()) entries.add(it.next());
        return entries;
    }

    @Override
    public boolean contains(String name) {
        return value(name) != null;
    }

    @Override
    public boolean contains(CharSequence name) {
        return value(name) != null;
    }

    /** The fields in the order received, pseudo-headers left out, {@code Host} first when it is the authority. */
    @Override
    public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        List<Entry<CharSequence, CharSequence>> fields = new ArrayList<>(h2.size());
        CharSequence authority = h2.authority();
        if (authority != null && !h2.contains(HttpHeaderNames.HOST)) {
            fields.add(new AbstractMap.SimpleImmutableEntry<>(HttpHeaderNames.HOST, authority));
        }
        boolean cookieDone = false;
        for (Entry<CharSequence, CharSequence> field : h2) {
            CharSequence name = field.getKey();
            if (isPseudo(name)) continue;
            if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                if (cookieDone) continue;
                cookieDone = true;
                fields.add(new AbstractMap.SimpleImmutableEntry<>(HttpHeaderNames.COOKIE, cookie()));
                continue;
            }
            fields.add(new AbstractMap.SimpleImmutableEntry<>(name, field.getValue()));
        }
        return fields.iterator();
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
        Iterator<Entry<CharSequence, CharSequence>> fields = iteratorCharSequence();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fields.hasNext();
            }

            @Override
            public Entry<String, String> next() {
                Entry<CharSequence, CharSequence> f = fields.next();
                return new AbstractMap.SimpleImmutableEntry<>(f.getKey().toString(), f.getValue().toString());
            }
        };
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int size() {
        int n = 0;
        for (Iterator<Entry<CharSequence, CharSequence>> it = iteratorCharSequence(); it.hasNext(); it.next()) n++;
        return n;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<Entry<CharSequence, CharSequence>> it = iteratorCharSequence(); it.hasNext(); ) {
            names.add(it.next().getKey().toString());
        }
        return names;
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the headers of an HTTP/2 request are read-only: copy() them");
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        throw readOnly();
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        throw readOnly();
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        throw readOnly();
    }

    @Override
    public HttpHeaders remove(String name) {
        throw readOnly();
    }

    @Override
    public HttpHeaders clear() {
        throw readOnly();
    }

    @Override
    public HttpHeaders copy() {
        HttpHeaders copy = new io.netty.handler.codec.http.DefaultHttpHeaders();
        for (Iterator<Entry<CharSequence, CharSequence>> it = iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> f = it.next();
            copy.add(f.getKey(), f.getValue());
        }
        return copy;
    }
}
