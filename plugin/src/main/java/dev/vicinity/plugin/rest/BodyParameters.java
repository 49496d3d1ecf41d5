package dev.vicinity.plugin.rest;

import java.util.Map;

/** Reading the endpoints' JSON bodies (parsed to maps): every bad value is a 400 naming the endpoint, parameter and value. */
final class BodyParameters {

    private BodyParameters() {}

    /** An integral number within [min, max], or {@code defaultValue} when absent; 2.5 or "3" are refused, not rounded. */
    static long integer(String endpoint, Map<String, Object> body, String key, long defaultValue, long min, long max) {
        Object value = body.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n >= min && n <= max) {
                return n;
            }
            throw new IllegalArgumentException("[" + endpoint + "] [" + key + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        throw new IllegalArgumentException("[" + endpoint + "] [" + key + "] must be an integer but was [" + value + "]");
    }
}
