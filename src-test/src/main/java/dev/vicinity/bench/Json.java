package dev.vicinity.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The little JSON that {@code --via es} writes and reads. The benchmark's class path holds no JSON library (it is
 * Lucene, the codec and jhdf: Elasticsearch's jars would break Lucene's format lookup there), and the bench reads
 * only small responses (ids of hits, statistics), so a short reader does: objects become {@link LinkedHashMap}s,
 * arrays {@link List}s, numbers {@link Double}s, and {@code true}/{@code false}/{@code null} themselves.
 */
final class Json {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** A string as a JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A parameter value as JSON: a number or boolean as itself, anything else as a string. */
    static String scalar(String value) {
        String v = value.trim();
        return NUMBER.matcher(v).matches() || v.equals("true") || v.equals("false") ? v : quote(v);
    }

    /** A vector as a JSON array, each value as {@link Float#toString} writes it (which reads back to the same float). */
    static String vector(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 8).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append(']').toString();
    }

    /**
     * Flat parameters as a nested JSON object: {@code hashes.0.type=binary} becomes {@code {"hashes":[{"type":"binary"}]}}
     * (a numeric part is an array index), as the in-process bench spells a mapping's nested parameters. Empty values
     * mean "the default" and are left out.
     */
    static String nestedObject(Map<String, String> params) {
        Map<String, Object> root = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (value.isEmpty() == false) {
                put(root, name.split("\\."), 0, value);
            }
        });
        return write(root);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, int i, String value) {
        if (i == path.length - 1) {
            node.put(path[i], value);
            return;
        }
        Object child = node.get(path[i]);
        if (path[i + 1].matches("[0-9]+")) {
            List<Map<String, Object>> list = child instanceof List<?> l ? (List<Map<String, Object>>) l : new ArrayList<>();
            node.put(path[i], list);
            int index = Integer.parseInt(path[i + 1]);
            while (list.size() <= index) {
                list.add(new LinkedHashMap<>());
            }
            put(list.get(index), path, i + 2, value);
        } else {
            Map<String, Object> map = child instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
            node.put(path[i], map);
            put(map, path, i + 1, value);
        }
    }

    private static String write(Object node) {
        if (node instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((key, value) -> entries.add(quote((String) key) + ":" + write(value)));
            return "{" + String.join(",", entries) + "}";
        }
        if (node instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(Json::write).toList()) + "]";
        }
        return scalar((String) node);
    }

    /** Parses a JSON document; a malformed one is an {@link IllegalArgumentException} quoting where it broke. */
    static Object parse(String text) {
        Json parser = new Json(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("end of input");
        }
        return value;
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a JSON object but got [" + abbreviate(text) + "]");
    }

    /** The value at a path of object keys, or {@code null} when some key is missing. */
    static Object at(Object node, String... path) {
        for (String key : path) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(key);
            } else {
                return null;
            }
        }
        return node;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a key");
            }
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(escaped); // \" \\ \/
            }
        }
        throw error("the end of a string");
    }

    private Object literal(String word, Object value) {
        if (text.startsWith(word, pos) == false) {
            throw error("[" + word + "]");
        }
        pos += word.length();
        return value;
    }

    private Double number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            return Double.valueOf(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a value");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("[" + c + "]");
        }
        pos++;
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("malformed JSON: expected " + expected + " at offset [" + pos + "] of [" + abbreviate(text) + "]");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
