package dev.vicinity.plugin.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index method's query parameters as a query carries them: by name, JSON scalars only, numbers normalized so
 * that a query parsed from its own JSON, or read from the wire, equals the original (integers as {@code Long},
 * other numbers as {@code Double}, a {@code Float} by its shortest decimal form so {@code 0.1f} stays 0.1). Which
 * names and values are valid is the method's business (checked when the query runs against the field).
 */
final class MethodParameters {

    private MethodParameters() {}

    /**
     * The value of method parameter {@code key}.
     *
     * @throws IllegalArgumentException when it is not a number, string or boolean
     */
    static Object check(String key, Object value) {
        if (value instanceof Number || value instanceof String || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("[" + VicinityKnnQueryBuilder.NAME + "] [" + key + "] must be a number, string or boolean but was ["
            + value + "]");
    }

    /** An immutable, sorted, normalized copy. */
    static Map<String, Object> normalize(Map<String, ?> params) {
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> normalized = new TreeMap<>();
        for (Map.Entry<String, ?> param : params.entrySet()) {
            if (param.getKey() == null || param.getKey().isEmpty()) {
                throw new IllegalArgumentException("[" + VicinityKnnQueryBuilder.NAME + "] a method parameter needs a name");
            }
            normalized.put(param.getKey(), normalize(param.getKey(), check(param.getKey(), param.getValue())));
        }
        return java.util.Collections.unmodifiableMap(normalized);
    }

    private static Object normalize(String key, Object value) {
        return switch (value) {
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big -> big.bitLength() < 64 ? big.longValue() : big.doubleValue();
            case Float f -> Double.parseDouble(Float.toString(f));
            case Double d -> d;
            case BigDecimal big -> big.doubleValue();
            case Number other -> other.doubleValue();
            default -> value;
        };
    }
}
