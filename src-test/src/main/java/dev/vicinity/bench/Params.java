package dev.vicinity.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Parameter helpers: parsing values, checking ranges, expanding sweeps and printing parameter sets. */
final class Params {

    private Params() {}

    static int intParam(Map<String, String> params, String name, int min, int max) {
        String value = params.get(name);
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + name + "] must be an integer but was [" + value + "]");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("[" + name + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        return parsed;
    }

    /** Returns {@code values} once each is checked to be an integer between {@code min} and {@code max}, as {@link #intParam}. */
    static List<String> intValues(String name, List<String> values, int min, int max) {
        for (String value : values) {
            intParam(Map.of(name, value), name, min, max);
        }
        return values;
    }

    /** Every combination of the swept values, in the order given (the last parameter varies fastest). */
    static List<Map<String, String>> product(Map<String, List<String>> sweep) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> param : sweep.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String value : param.getValue()) {
                    Map<String, String> combined = new LinkedHashMap<>(partial);
                    combined.put(param.getKey(), value);
                    next.add(combined);
                }
            }
            result = next;
        }
        return result;
    }

    /** A method and its build parameters as progress lines name them, for example {@code hnsw [m=16;beam_width=100]}. */
    static String label(String method, Map<String, String> buildParams) {
        String params = format(buildParams);
        return method + (params.isEmpty() ? "" : " [" + params + "]");
    }

    /** One sweep point as progress lines name it, for example {@code hnsw [m=16;beam_width=100] {ef=10}}. */
    static String point(String method, Map<String, String> buildParams, Map<String, String> queryParams) {
        String params = format(queryParams);
        return label(method, buildParams) + (params.isEmpty() ? "" : " {" + params + "}");
    }

    /** {@code a=1;b=2}, or the empty string; the form used in the CSV. */
    static String format(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner(";");
        // An empty value means "the method's default for the segment" (it only declares that the name is accepted).
        params.forEach((k, v) -> {
            if (v.isEmpty() == false) {
                joiner.add(k + "=" + v);
            }
        });
        return joiner.toString();
    }
}
