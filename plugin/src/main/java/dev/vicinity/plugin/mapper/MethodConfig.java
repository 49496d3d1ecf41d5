package dev.vicinity.plugin.mapper;

import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code method} object of a {@code vicinity_vector} mapping: the index method's {@code type} and its build
 * parameters, kept as the strings the codec records in each segment. Which parameters a method takes, and their
 * ranges, is checked by the codec's {@code IndexMethod}.
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
            Object value = entry.getValue();
            if (value instanceof Map || value instanceof Iterable || value == null) {
                throw new IllegalArgumentException("[vicinity_vector] field [" + fieldName + "] method parameter [" + entry.getKey()
                    + "] must be a number, string or boolean but got [" + value + "]");
            }
            parameters.put(entry.getKey().toString(), value.toString());
        }
        return new MethodConfig((String) type, parameters);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field(TYPE, type);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            builder.field(parameter.getKey(), parameter.getValue());
        }
        return builder.endObject();
    }
}
