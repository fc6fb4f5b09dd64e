package dev.kiln.bind;

import dev.kiln.json.JsonCodec;
import java.nio.charset.StandardCharsets;

/**
 * Says why a JSON body could not be read, for the 400 answer and the log: the body is empty, or it is malformed
 * at a line and column (RFC 8259's grammar, checked here strictly), or a field holds a value of the wrong type.
 *
 * <p>Runs only after the codec has refused a body, so a body that is read costs nothing here. The walk recurses
 * only into nested values, at most {@link #MAX_DEPTH} deep, so a hostile body cannot overflow the stack.
 */
final class JsonDiagnosis {
    /** How deep a document may nest before the diagnosis gives up on it (the codec refused it anyway). */
    static final int MAX_DEPTH = 512;

    private final byte[] json;
    private final int target;
    private int i;
    /** The first syntax error, said in words, and where; null while there is none. */
    private String error;
    private int errorAt;
    /** The path of the innermost value that spans {@link #target}, and where it starts; null until one does. */
    private String pathAtTarget;
    private int startAtTarget;

    private JsonDiagnosis(byte[] json, int target) {
        this.json = json;
        this.target = target;
    }

    /** Why {@code json} was refused by the codec with {@code failure}. */
    static String reason(byte[] json, RuntimeException failure) {
        if (json.length == 0) return "empty body";
        int offset = failure instanceof JsonCodec.ReadException read ? read.offset() : -1;
        JsonDiagnosis walk = new JsonDiagnosis(json, offset);
        walk.document();
        if (walk.error != null) {
            return "malformed JSON at " + walk.lineAndColumn(walk.errorAt) + ": " + walk.error;
        }
        String problem = problem(failure);
        String path = walk.pathAtTarget;
        if (path == null) return offset >= 0 ? problem + " at " + walk.lineAndColumn(offset) : problem;
        return (path.isEmpty() ? "" : "field " + path + ": ") + problem + " at " + walk.lineAndColumn(walk.startAtTarget);
    }

    /** The codec's words for a value it could not take, said as what was expected where it could be. */
    private static String problem(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.startsWith("Expecting '\"'")) return "expected a string";
        if (message.startsWith("Expecting '{'")) return "expected an object";
        if (message.startsWith("Expecting '['")) return "expected an array";
        if (message.startsWith("Error parsing number")) return "expected a number that fits its type";
        if (message.contains("boolean")) return "expected true or false";
        return "not a value of the expected type (" + message + ")";
    }

    /** {@code line L, column C} of byte {@code at}, counting characters, not bytes, in the line. */
    private String lineAndColumn(int at) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < at && k < json.length; k++) {
            if (json[k] == '\n') {
                line++;
                column = 1;
            } else if ((json[k] & 0xC0) != 0x80) { // not a UTF-8 continuation byte
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    private void document() {
        value("", 0);
        if (error != null) return;
        whitespace();
        if (i < json.length) fail("unexpected content after the document");
    }

    private void value(String path, int depth) {
        whitespace();
        if (i >= json.length) {
            fail("the document ends before a value");
            return;
        }
        if (depth > MAX_DEPTH) {
            fail("nested more than " + MAX_DEPTH + " deep");
            return;
        }
        int start = i;
        byte c = json[i];
        switch (c) {
            case '{' -> object(path, depth);
            case '[' -> array(path, depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    number();
                } else {
                    fail("unexpected character '" + (char) (c & 0xFF) + "'");
                }
            }
        }
        if (pathAtTarget == null && target >= start && target < i) { // the innermost value is done first
            pathAtTarget = path;
            startAtTarget = start;
        }
    }

    private void object(String path, int depth) {
        i++; // {
        whitespace();
        if (i < json.length && json[i] == '}') {
            i++;
            return;
        }
        while (error == null) {
            whitespace();
            if (i >= json.length || json[i] != '"') {
                fail("expected a field name in double quotes");
                return;
            }
            int keyStart = i + 1;
            string();
            if (error != null) return;
            String key = new String(json, keyStart, i - 1 - keyStart, StandardCharsets.UTF_8);
            whitespace();
            if (i >= json.length || json[i] != ':') {
                fail("expected ':' after the field name");
                return;
            }
            i++;
            value(path.isEmpty() ? key : path + "." + key, depth + 1);
            if (error != null) return;
            whitespace();
            if (i < json.length && json[i] == ',') {
                i++;
            } else if (i < json.length && json[i] == '}') {
                i++;
                return;
            } else {
                fail(i >= json.length ? "the document ends inside an object" : "expected ',' or '}'");
                return;
            }
        }
    }

    private void array(String path, int depth) {
        i++; // [
        whitespace();
        if (i < json.length && json[i] == ']') {
            i++;
            return;
        }
        for (int k = 0; error == null; k++) {
            value(path + "[" + k + "]", depth + 1);
            if (error != null) return;
            whitespace();
            if (i < json.length && json[i] == ',') {
                i++;
            } else if (i < json.length && json[i] == ']') {
                i++;
                return;
            } else {
                fail(i >= json.length ? "the document ends inside an array" : "expected ',' or ']'");
                return;
            }
        }
    }

    /** A string from its opening quote to after its closing one; escapes and control characters checked. */
    private void string() {
        i++; // "
        while (i < json.length) {
            byte c = json[i];
            if (c == '"') {
                i++;
                return;
            }
            if (c == '\\') {
                if (i + 1 >= json.length) break;
                byte e = json[i + 1];
                if (e == 'u') {
                    for (int k = 2; k < 6; k++) {
                        if (i + k >= json.length || Character.digit(json[i + k], 16) < 0) {
                            fail("a \\u escape needs four hex digits");
                            return;
                        }
                    }
                    i += 6;
                    continue;
                }
                if ("\"\\/bfnrt".indexOf(e) < 0) {
                    fail("invalid escape '\\" + (char) (e & 0xFF) + "'");
                    return;
                }
                i += 2;
                continue;
            }
            if ((c & 0xFF) < 0x20) {
                fail("a control character in a string must be escaped");
                return;
            }
            i++;
        }
        fail("the document ends inside a string");
    }

    private void number() {
        if (json[i] == '-') i++;
        if (i < json.length && json[i] == '0') {
            i++;
        } else if (!digits()) {
            fail("expected a digit");
            return;
        }
        if (i < json.length && json[i] == '.') {
            i++;
            if (!digits()) {
                fail("expected a digit after the decimal point");
                return;
            }
        }
        if (i < json.length && (json[i] == 'e' || json[i] == 'E')) {
            i++;
            if (i < json.length && (json[i] == '+' || json[i] == '-')) i++;
            if (!digits()) fail("expected a digit in the exponent");
        }
    }

    private boolean digits() {
        int start = i;
        while (i < json.length && json[i] >= '0' && json[i] <= '9') i++;
        return i > start;
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (i + k >= json.length || json[i + k] != word.charAt(k)) {
                fail("expected a JSON value (" + word + ", or text in double quotes)");
                return;
            }
        }
        i += word.length();
    }

    private void whitespace() {
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) i++;
    }

    private void fail(String what) {
        if (error == null) {
            error = what;
            errorAt = i;
        }
    }
}
