package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.util.VectorUtil;

/**
 * The space a forest's trees divide, chosen from the field's metric: which vectors the build splits (the raw ones,
 * or their directions), how two-means measures them, and what a query becomes before it descends the trees. The id
 * of each space is written into the segment, so a segment is searched the way it was built even if the metric table
 * below changes; ids are permanent (never {@code ordinal()}).
 *
 * <table>
 *   <caption>metrics and their split spaces</caption>
 *   <tr><th>metric</th><th>space</th><th>why</th></tr>
 *   <tr><td>euclidean, sqeuclidean, minkowski (p &ge; 1.5), chebyshev</td><td>{@link #EUCLIDEAN}</td>
 *       <td>Annoy's euclidean split: the bisector of two means, with an offset</td></tr>
 *   <tr><td>manhattan, minkowski (p &lt; 1.5), canberra, braycurtis</td><td>{@link #MANHATTAN}</td>
 *       <td>Annoy's manhattan split: two-means assigns points by L1 distance (canberra and bray-curtis are sums of
 *       absolute differences, weighted)</td></tr>
 *   <tr><td>cosine, jaccard</td><td>{@link #ANGULAR}</td><td>Annoy's angular split on directions, through the
 *       origin; for 0/1 vectors the cosine orders sets much like jaccard, and two-means balances sparse sets where
 *       single coordinates could not</td></tr>
 *   <tr><td>correlation</td><td>{@link #CENTRED}</td><td>angular splits of the mean-centred vectors, which is what
 *       correlation compares</td></tr>
 *   <tr><td>dot</td><td>{@link #DOT}</td><td>Annoy's reduction (Bachrach et al. 2014): each vector gets the extra
 *       coordinate {@code sqrt(M² - |x|²)} ({@code M} the largest norm), queries get 0, and angular splits of those
 *       vectors order points by inner product</td></tr>
 *   <tr><td>hamming</td><td>{@link #COORDINATE}</td><td>Annoy's hamming split, one coordinate at a time, for bit-like
 *       (0/1) data; on other values a coordinate splits at a threshold between two of the node's values</td></tr>
 * </table>
 * A metric missing from this table is refused by {@link #forMetric} with its name.
 */
public enum SplitSpace {
    EUCLIDEAN(1),
    MANHATTAN(2),
    ANGULAR(3),
    CENTRED(4),
    DOT(5),
    COORDINATE(6);

    private static final Map<String, SplitSpace> BY_METRIC = Map.of(
        "euclidean", EUCLIDEAN,
        "sqeuclidean", EUCLIDEAN,
        "chebyshev", EUCLIDEAN,
        "manhattan", MANHATTAN,
        "canberra", MANHATTAN,
        "braycurtis", MANHATTAN,
        "cosine", ANGULAR,
        "jaccard", ANGULAR,
        "correlation", CENTRED,
        "dot", DOT
    );

    private final int id;

    SplitSpace(int id) {
        this.id = id;
    }

    /** The permanent on-disk id. */
    public int id() {
        return id;
    }

    /** @throws IllegalArgumentException for an id no version wrote (a newer or corrupt segment) */
    public static SplitSpace byId(int id) {
        for (SplitSpace space : values()) {
            if (space.id == id) {
                return space;
            }
        }
        throw new IllegalArgumentException("unknown forest split space id [" + id + "]");
    }

    /**
     * The space to split for {@code metric}.
     *
     * @throws IllegalArgumentException naming the metric when the forest has no split for it
     */
    public static SplitSpace forMetric(Metric metric) {
        String name = metric.name().toLowerCase(Locale.ROOT);
        if (name.equals("minkowski")) {
            return metric.parameter() < 1.5f ? MANHATTAN : EUCLIDEAN;
        }
        if (name.equals("hamming")) {
            return COORDINATE;
        }
        SplitSpace space = BY_METRIC.get(name);
        if (space == null) {
            throw new IllegalArgumentException("index method [forest] cannot split vectors for metric [" + metric.name()
                + "], it supports " + supportedMetrics());
        }
        return space;
    }

    /** The metric names {@link #forMetric} accepts. */
    public static List<String> supportedMetrics() {
        List<String> names = new java.util.ArrayList<>(BY_METRIC.keySet());
        names.add("minkowski");
        names.add("hamming");
        names.sort(null);
        return names;
    }

    /** Whether two-means measures points by their direction and the hyperplanes pass through the origin. */
    boolean isAngular() {
        return this == ANGULAR || this == CENTRED || this == DOT;
    }

    /**
     * The vectors the build splits: the raw ones, except for {@link #DOT}, whose vectors are scaled by the largest norm
     * and get one extra coordinate that brings every norm to 1. The angular spaces need no transformed copy: their
     * hyperplanes pass through the origin (and {@link #CENTRED} normals sum to zero), so a vector is on the same side
     * as its (centred) direction; only two-means looks at directions, which it computes from its samples
     * ({@link #directionInto}). For the same reason queries descend the trees as they are.
     */
    VectorSource splitVectors(VectorSource raw) {
        return this == DOT ? new AugmentedVectors(raw, maxNorm(raw)) : raw;
    }

    /**
     * Into {@code into}: {@code x} itself for the euclidean and manhattan spaces, otherwise its unit direction, centred
     * first for {@link #CENTRED}. A zero (or, centred, constant) vector stays zero.
     */
    void directionInto(float[] x, float[] into) {
        if (isAngular() == false) {
            System.arraycopy(x, 0, into, 0, x.length);
            return;
        }
        float mean = 0;
        if (this == CENTRED) {
            double sum = 0;
            for (float v : x) {
                sum += v;
            }
            mean = (float) (sum / x.length);
        }
        for (int i = 0; i < x.length; i++) {
            into[i] = x[i] - mean;
        }
        float norm = (float) Math.sqrt(VectorUtil.dotProduct(into, into));
        if (norm > 0) {
            for (int i = 0; i < x.length; i++) {
                into[i] /= norm;
            }
        }
    }

    private static float maxNorm(VectorSource raw) {
        double max = 0;
        for (int i = 0; i < raw.size(); i++) {
            float[] x = raw.vector(i);
            max = Math.max(max, VectorUtil.dotProduct(x, x));
        }
        return max == 0 ? 1f : (float) Math.sqrt(max);
    }

    /** The {@link #DOT} build's view of the vectors: {@code x / M} and {@code sqrt(1 - |x|² / M²)}, computed into one buffer. */
    private static final class AugmentedVectors implements VectorSource {
        private final VectorSource raw;
        private final float maxNorm;
        private final float[] buffer;

        AugmentedVectors(VectorSource raw, float maxNorm) {
            this.raw = raw;
            this.maxNorm = maxNorm;
            this.buffer = new float[raw.dims() + 1];
        }

        @Override
        public int size() {
            return raw.size();
        }

        @Override
        public int dims() {
            return buffer.length;
        }

        @Override
        public float[] vector(int ord) {
            float[] x = raw.vector(ord);
            for (int i = 0; i < x.length; i++) {
                buffer[i] = x[i] / maxNorm;
            }
            buffer[x.length] = 0;
            float squared = VectorUtil.dotProduct(buffer, buffer);
            buffer[x.length] = (float) Math.sqrt(Math.max(0f, 1f - squared));
            return buffer;
        }

        @Override
        public VectorSource copy() {
            return new AugmentedVectors(raw.copy(), maxNorm);
        }
    }
}
