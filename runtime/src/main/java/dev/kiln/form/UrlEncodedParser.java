package dev.kiln.form;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * {@code application/x-www-form-urlencoded}, as the WHATWG URL standard parses it: {@code &}-separated
 * {@code name=value} sequences, {@code +} for a space, percent-escapes decoded to bytes, the bytes read as UTF-8;
 * empty sequences skipped. Stricter than the standard, which passes them on as they are: a {@code %} not followed
 * by two hex digits, and bytes that are not UTF-8, are a 400. An escape may be split across buffers.
 */
final class UrlEncodedParser extends FormParser {
    /** The decoded bytes of the sequence being read: its name, then (after {@link #nameLength}) its value. */
    private byte[] bytes = new byte[64];
    private int length;
    /** Where the name ends in {@link #bytes}; -1 until the sequence's {@code =}. */
    private int nameLength = -1;
    /** Hex digits of a {@code %} escape still to come (0, 1 or 2), and the value of those read. */
    private int escapeDigits;
    private int escapeValue;
    /** Whether the current sequence has any byte at all (an empty one between two {@code &} is skipped). */
    private boolean begun;

    UrlEncodedParser(FormLimits limits) {
        super(limits);
    }

    @Override
    void read(ByteBuf buf, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf.getByte(i);
            if (escapeDigits > 0) {
                int digit = Character.digit(b, 16);
                if (digit < 0) throw FormRejected.malformed("'%' not followed by two hex digits");
                escapeValue = escapeValue * 16 + digit;
                if (--escapeDigits == 0) append((byte) escapeValue);
                continue;
            }
            switch (b) {
                case '&' -> endSequence();
                case '=' -> {
                    begun = true;
                    if (nameLength < 0) nameLength = length;
                    else append(b);
                }
                case '+' -> append((byte) ' ');
                case '%' -> {
                    begun = true;
                    escapeDigits = 2;
                    escapeValue = 0;
                }
                default -> append(b);
            }
        }
    }

    @Override
    void end() {
        if (escapeDigits > 0) throw FormRejected.malformed("'%' not followed by two hex digits");
        endSequence();
    }

    @Override
    void abandon() {
        bytes = null;
    }

    private void append(byte b) {
        begun = true;
        if (length >= limits.maxPartSize()) {
            throw FormRejected.tooLarge("a field larger than " + limits.maxPartSize() + " bytes");
        }
        if (length == bytes.length) bytes = Arrays.copyOf(bytes, (int) Math.min(limits.maxPartSize(), 2L * length));
        bytes[length++] = b;
    }

    private void endSequence() {
        if (!begun) return;
        countPart();
        int split = nameLength < 0 ? length : nameLength;
        String name = utf8(bytes, split, "a field name");
        byte[] value = Arrays.copyOfRange(bytes, split, length);
        addField(name, utf8(value, value.length, "field '" + name + "'"));
        length = 0;
        nameLength = -1;
        begun = false;
    }
}
