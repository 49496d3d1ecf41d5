package dev.vicinity.metric;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of metrics: by name (as written in a mapping) and by permanent on-disk id (as written in a segment).
 *
 * <p>The id table below is part of the file format. An id, once released, keeps its meaning forever.
 */
public final class Metrics {

    /** Ids are permanent; never renumber or reuse one. */
    static final int EUCLIDEAN = 1;
    static final int SQEUCLIDEAN = 2;

    private static final List<Metric> PARAMETERLESS = List.of(new Euclidean(), new SquaredEuclidean());

    private static final Map<String, Metric> BY_NAME = PARAMETERLESS.stream()
        .collect(Collectors.toUnmodifiableMap(Metric::name, Function.identity()));

    private Metrics() {}

    /** Every metric name a mapping may use, in documentation order. */
    public static List<String> names() {
        return PARAMETERLESS.stream().map(Metric::name).toList();
    }

    /**
     * The metric called {@code name}; {@code p} is its parameter where it has one (minkowski), otherwise it must
     * be {@code NaN}.
     *
     * @throws IllegalArgumentException naming the value when the name is unknown or the parameter is invalid
     */
    public static Metric byName(String name, float p) {
        Metric metric = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (metric == null) {
            throw new IllegalArgumentException("unknown metric [" + name + "], expected one of " + names());
        }
        if (Float.isNaN(p) == false) {
            throw new IllegalArgumentException("metric [" + name + "] takes no parameter but got [p=" + p + "]");
        }
        return metric;
    }

    /**
     * The metric with on-disk id {@code id} and stored parameter {@code parameter}, as read from a segment.
     *
     * @throws IllegalArgumentException when the id is unknown (a newer or corrupt segment)
     */
    public static Metric byId(int id, float parameter) {
        for (Metric metric : PARAMETERLESS) {
            if (metric.id() == id) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric id [" + id + "]");
    }
}
