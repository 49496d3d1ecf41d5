package dev.vicinity.metric;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The registry of metrics: by name (as written in a mapping) and by permanent on-disk id (as written in a segment).
 *
 * <p>The id table below is part of the file format. An id, once released, keeps its meaning forever.
 */
public final class Metrics {

    /* Ids are permanent; never renumber or reuse one. New metrics take the next free number. */
    static final int EUCLIDEAN = 1;
    static final int SQEUCLIDEAN = 2;
    static final int COSINE = 3;
    static final int DOT = 4;
    static final int MANHATTAN = 5;
    static final int CHEBYSHEV = 6;
    static final int MINKOWSKI = 7;
    static final int HAMMING = 8;
    static final int JACCARD = 9;
    static final int CORRELATION = 10;
    static final int CANBERRA = 11;
    static final int BRAYCURTIS = 12;

    /** One row of the table: a parameterless metric's single instance, or how to build one from its parameter. */
    private record Entry(String name, int id, Metric instance, DoubleFunction<Metric> withParameter) {

        static Entry of(Metric instance) {
            return new Entry(instance.name(), instance.id(), instance, null);
        }

        static Entry parameterized(String name, int id, DoubleFunction<Metric> withParameter) {
            return new Entry(name, id, null, withParameter);
        }

        Metric create(float parameter) {
            if (instance == null) {
                return withParameter.apply(parameter);
            }
            if (Float.isNaN(parameter) == false) {
                throw new IllegalArgumentException("metric [" + name + "] takes no parameter but got [p=" + parameter + "]");
            }
            return instance;
        }
    }

    /** Every metric, in documentation order. */
    private static final List<Entry> TABLE = List.of(
        Entry.of(Euclidean.INSTANCE),
        Entry.of(SquaredEuclidean.INSTANCE),
        Entry.of(Cosine.INSTANCE),
        Entry.of(Dot.INSTANCE),
        Entry.of(Manhattan.INSTANCE),
        Entry.of(Chebyshev.INSTANCE),
        Entry.parameterized("minkowski", MINKOWSKI, p -> new Minkowski((float) p)),
        Entry.of(Hamming.INSTANCE),
        Entry.of(Jaccard.INSTANCE),
        Entry.of(Correlation.INSTANCE),
        Entry.of(Canberra.INSTANCE),
        Entry.of(BrayCurtis.INSTANCE)
    );

    private static final List<String> NAMES = TABLE.stream().map(Entry::name).toList();

    private Metrics() {}

    /** Every metric name a mapping may use, in documentation order. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The metric called {@code name} (case-insensitive); {@code p} is its parameter where it has one (minkowski),
     * otherwise it must be {@code NaN}.
     *
     * @throws IllegalArgumentException naming the value when the name is unknown or the parameter is missing,
     *         invalid or not expected
     */
    public static Metric byName(String name, float p) {
        String lowerCase = name.toLowerCase(Locale.ROOT);
        for (Entry entry : TABLE) {
            if (entry.name.equals(lowerCase)) {
                return entry.create(p);
            }
        }
        throw new IllegalArgumentException("unknown metric [" + name + "], expected one of " + NAMES);
    }

    /**
     * The metric with on-disk id {@code id} and stored parameter {@code parameter}, as read from a segment.
     *
     * @throws IllegalArgumentException when the id is unknown (a newer or corrupt segment) or the parameter does
     *         not fit the metric
     */
    public static Metric byId(int id, float parameter) {
        for (Entry entry : TABLE) {
            if (entry.id == id) {
                return entry.create(parameter);
            }
        }
        throw new IllegalArgumentException("unknown metric id [" + id + "]");
    }
}
