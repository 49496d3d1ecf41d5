package dev.vicinity.plugin.mapper;

import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code method} object of a {@code vicinity_vector} mapping: the index method's {@code type} and its build
 * parameters, kept as the strings the codec records in each segment. Which parameters a method takes, and their
 * ranges, is checked by the codec's {@code IndexMethod}.
 *
 * <p>Nested values are flattened with dotted paths, list items by their index: {@code "hashes": [{"type": "binary"}]}
 * becomes {@code hashes.0.type = binary}, the form the codec stores as field attributes; {@link #toXContent} nests them
 * again, so a mapping reads back as it was written.
 */
public record MethodConfig(String type, Map<String, String> parameters) implements ToXContentObject {

    static final String TYPE = "type";
    /** The method a mapping gets when it names none. */
    public static final MethodConfig DEFAULT = new MethodConfig("exact", Map.of());

    public MethodConfig {
        Objects.requireNonNull(type);
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /** Parses the mapping's {@code method} value: an object with a {@code type} and scalar parameters. */
    static MethodConfig parse(String fieldName, Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("[vicinity_vector] field [" + fieldName + "] needs [method] to be an object like"
                + " {\"type\": \"exact\"} but got [" + node + "]");
        }
        Object type = map.get(TYPE);
        if (type instanceof String == false) {
            throw new IllegalArgumentException("[vicinity_vector] field [" + fieldName + "] needs [method.type] to be a string but got [" + type + "]");
        }
        Map<String, String> parameters = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (TYPE.equals(entry.getKey())) {
                continue;
            }
            flatten(fieldName, entry.getKey().toString(), entry.getValue(), parameters);
        }
        return new MethodConfig((String) type, parameters);
    }

    /** Adds {@code value} under {@code path}: scalars as strings, objects and lists under dotted sub-paths. */
    private static void flatten(String fieldName, String path, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map && map.isEmpty() == false) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                flatten(fieldName, path + "." + entry.getKey(), entry.getValue(), into);
            }
        } else if (value instanceof List<?> list && list.isEmpty() == false) {
            for (int i = 0; i < list.size(); i++) {
                flatten(fieldName, path + "." + i, list.get(i), into);
            }
        } else if (value == null || value instanceof Map || value instanceof Iterable) {
            throw new IllegalArgumentException("[vicinity_vector] field [" + fieldName + "] method parameter [" + path
                + "] must be a number, string, boolean, or a non-empty object or list of them, but got [" + value + "]");
        } else {
            into.put(path, value.toString());
        }
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        Map<String, Object> nested = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            nest(nested, parameter.getKey().split("\\."), 0, parameter.getValue());
        }
        builder.startObject();
        builder.field(TYPE, type);
        for (Map.Entry<String, Object> parameter : nested.entrySet()) {
            builder.field(parameter.getKey(), listsOf(parameter.getValue()));
        }
        return builder.endObject();
    }

    @SuppressWarnings("unchecked")
    private static void nest(Map<String, Object> into, String[] path, int at, String value) {
        if (at == path.length - 1) {
            into.put(path[at], value);
            return;
        }
        Object child = into.computeIfAbsent(path[at], k -> new TreeMap<String, Object>());
        if (child instanceof Map == false) { // "a": 1 beside "a.b": 2, which the methods refuse before a mapping is kept
            into.put(String.join(".", java.util.Arrays.copyOfRange(path, at, path.length)), value);
            return;
        }
        nest((Map<String, Object>) child, path, at + 1, value);
    }

    /** Objects whose keys are exactly 0, 1, ... n-1 become lists again, recursively. */
    private static Object listsOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            boolean isList = true;
            for (int i = 0; i < map.size() && isList; i++) {
                isList = map.containsKey(Integer.toString(i));
            }
            if (isList) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < map.size(); i++) {
                    list.add(listsOf(map.get(Integer.toString(i))));
                }
                return list;
            }
            Map<String, Object> converted = new TreeMap<>();
            map.forEach((k, v) -> converted.put(k.toString(), listsOf(v)));
            return converted;
        }
        return value;
    }
}
