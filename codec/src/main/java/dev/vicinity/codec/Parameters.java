package dev.vicinity.codec;

import java.util.Collection;
import java.util.Map;

/**
 * Parsing and checking of method parameters, with the messages every method uses: they name the parameter and the
 * value in brackets (house rule 7), so that Elasticsearch answers 400 with something a user can act on. Build
 * parameters arrive as strings (a mapping's values, as the codec stores them); query parameters as JSON scalars.
 */
public final class Parameters {

    private Parameters() {}

    /** @throws IllegalArgumentException naming the first parameter not in {@code known} */
    public static void checkKnown(Map<String, ?> params, Collection<String> known, String method, String kind) {
        for (String name : params.keySet()) {
            if (known.contains(name) == false) {
                throw new IllegalArgumentException("unknown " + kind + " [" + name + "] for index method [" + method + "], "
                    + (known.isEmpty() ? "it takes none" : "expected one of " + known));
            }
        }
    }

    /** An integer build parameter, {@code defaultValue} when absent, within {@code [min, max]}. */
    public static int intParam(Map<String, String> params, String name, int defaultValue, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed = longValue(name, value);
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("[" + name + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        return (int) parsed;
    }

    /** A long build parameter, {@code defaultValue} when absent. */
    public static long longParam(Map<String, String> params, String name, long defaultValue) {
        String value = params.get(name);
        return value == null ? defaultValue : longValue(name, value);
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be an integer but was [" + value + "]", e);
        }
    }

    /** A finite float build parameter, {@code defaultValue} when absent. */
    public static float floatParam(Map<String, String> params, String name, float defaultValue) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        return finite(name, value, parse(name, value));
    }

    /**
     * A finite float query parameter: a JSON number, or a string holding one (as Elasticsearch's parsers accept),
     * {@code defaultValue} when absent.
     */
    public static float floatQueryParam(Map<String, ?> params, String name, float defaultValue) {
        Object value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return finite(name, value, number.floatValue());
        }
        if (value instanceof String text) {
            return finite(name, value, parse(name, text));
        }
        throw new IllegalArgumentException("[" + name + "] must be a number but was [" + value + "]");
    }

    /**
     * An integer query parameter within {@code [min, max]}: a JSON integer, or a string holding one,
     * {@code defaultValue} when absent.
     */
    public static int intQueryParam(Map<String, ?> params, String name, int defaultValue, int min, int max) {
        Object value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof String text) {
            parsed = longValue(name, text);
        } else {
            throw new IllegalArgumentException("[" + name + "] must be an integer but was [" + value + "]");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("[" + name + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        return (int) parsed;
    }

    private static float parse(String name, String value) {
        try {
            return Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be a number but was [" + value + "]", e);
        }
    }

    private static float finite(String name, Object value, float f) {
        if (Float.isFinite(f) == false) {
            throw new IllegalArgumentException("[" + name + "] must be a finite number but was [" + value + "]");
        }
        return f;
    }
}
