package dev.vicinity.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the metric tests share: every metric to test, random vectors of several kinds, and an obviously-correct
 * double-precision reference for each metric, written from the definitions and independent of the production code.
 */
final class MetricTestSupport {

    private MetricTestSupport() {}

    /** Every metric by name, minkowski with the orders that take special paths (1, 2) and two general ones. */
    static List<Metric> allMetrics(Random random) {
        List<Metric> metrics = new ArrayList<>();
        for (String name : Metrics.names()) {
            if (name.equals("minkowski")) {
                metrics.add(Metrics.byName(name, 1f));
                metrics.add(Metrics.byName(name, 2f));
                metrics.add(Metrics.byName(name, 3f));
                metrics.add(Metrics.byName(name, 1f + 5f * random.nextFloat()));
            } else {
                metrics.add(Metrics.byName(name, Float.NaN));
            }
        }
        return metrics;
    }

    static String describe(Metric metric) {
        return Float.isNaN(metric.parameter()) ? metric.name() : metric.name() + "(p=" + metric.parameter() + ")";
    }

    // ---------------------------------------------------------------- random vectors

    /** The kinds of data the random tests draw from. */
    enum Kind {
        /** Standard normal coordinates, with signs. */
        GAUSSIAN,
        /** Gaussian coordinates scaled by a random power of ten between 1e-3 and 1e3. */
        SCALED_GAUSSIAN,
        /** Uniform non-negative coordinates in [0, 10). */
        NON_NEGATIVE,
        /** Integer pixel values 0..255, about a third of them 0. */
        PIXELS,
        /** Gaussian coordinates, about 70% of them 0. */
        SPARSE,
        /** 0 or 1. */
        BINARY
    }

    static float[] randomVector(Random random, int dimension, Kind kind, float scale) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = randomCoordinate(random, kind, scale);
        }
        return vector;
    }

    static float randomCoordinate(Random random, Kind kind, float scale) {
        return switch (kind) {
            case GAUSSIAN -> (float) random.nextGaussian();
            case SCALED_GAUSSIAN -> (float) random.nextGaussian() * scale;
            case NON_NEGATIVE -> 10 * random.nextFloat();
            case PIXELS -> random.nextInt(3) == 0 ? 0 : random.nextInt(256);
            case SPARSE -> random.nextInt(10) < 7 ? 0 : (float) random.nextGaussian();
            case BINARY -> random.nextInt(2);
        };
    }

    static Kind randomKind(Random random) {
        Kind[] kinds = Kind.values();
        return kinds[random.nextInt(kinds.length)];
    }

    static float randomScale(Random random) {
        return (float) Math.pow(10, -3 + 6 * random.nextDouble());
    }

    /**
     * A random pair of the same kind and dimension: independent, or the second a copy of the first with some
     * coordinates redrawn (so that discrete metrics see small distances and shared coordinates too).
     */
    static float[][] randomPair(Random random, int dimension) {
        Kind kind = randomKind(random);
        float scale = randomScale(random);
        float[] a = randomVector(random, dimension, kind, scale);
        float[] b = random.nextBoolean() ? randomVector(random, dimension, kind, scale) : perturb(random, a, kind, scale);
        return new float[][] { a, b };
    }

    static float[] perturb(Random random, float[] vector, Kind kind, float scale) {
        float[] copy = vector.clone();
        int changes = 1 + random.nextInt(Math.max(1, vector.length / 4));
        for (int c = 0; c < changes; c++) {
            copy[random.nextInt(copy.length)] = randomCoordinate(random, kind, scale);
        }
        return copy;
    }

    static int randomDimension(Random random) {
        return 1 + random.nextInt(300);
    }

    // ---------------------------------------------------------------- reference implementations

    /** The distance by its textbook definition, in double precision, with the conventions the javadocs document. */
    static double reference(Metric metric, float[] a, float[] b) {
        return reference(metric.name(), metric.parameter(), a, b);
    }

    /** The reference distance of the metric called {@code name}, with parameter {@code p} for minkowski. */
    static double reference(String name, double p, float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("reference needs equal lengths");
        }
        int n = a.length;
        switch (name) {
            case "euclidean":
                return Math.sqrt(reference("sqeuclidean", Double.NaN, a, b));
            case "sqeuclidean": {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
                }
                return sum;
            }
            case "cosine": {
                double dot = 0, normA = 0, normB = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) a[i] * b[i];
                    normA += (double) a[i] * a[i];
                    normB += (double) b[i] * b[i];
                }
                if (normA == 0 && normB == 0) {
                    return 0;
                }
                if (normA == 0 || normB == 0) {
                    return 1;
                }
                return 1 - dot / Math.sqrt(normA) / Math.sqrt(normB);
            }
            case "dot": {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) a[i] * b[i];
                }
                return -dot;
            }
            case "manhattan": {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += Math.abs((double) a[i] - b[i]);
                }
                return sum;
            }
            case "chebyshev": {
                double max = 0;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, Math.abs((double) a[i] - b[i]));
                }
                return max;
            }
            case "minkowski": {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += Math.pow(Math.abs((double) a[i] - b[i]), p);
                }
                return Math.pow(sum, 1 / p);
            }
            case "hamming": {
                int differ = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != b[i]) {
                        differ++;
                    }
                }
                return (double) differ / n;
            }
            case "jaccard": {
                int union = 0, intersection = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != 0 || b[i] != 0) {
                        union++;
                    }
                    if (a[i] != 0 && b[i] != 0) {
                        intersection++;
                    }
                }
                return union == 0 ? 0 : (double) (union - intersection) / union;
            }
            case "correlation": {
                double meanA = 0, meanB = 0;
                for (int i = 0; i < n; i++) {
                    meanA += a[i];
                    meanB += b[i];
                }
                meanA /= n;
                meanB /= n;
                double covariance = 0, varianceA = 0, varianceB = 0;
                for (int i = 0; i < n; i++) {
                    covariance += (a[i] - meanA) * (b[i] - meanB);
                    varianceA += (a[i] - meanA) * (a[i] - meanA);
                    varianceB += (b[i] - meanB) * (b[i] - meanB);
                }
                if (varianceA == 0 && varianceB == 0) {
                    return 0;
                }
                if (varianceA == 0 || varianceB == 0) {
                    return 1;
                }
                return 1 - covariance / Math.sqrt(varianceA) / Math.sqrt(varianceB);
            }
            case "canberra": {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double denominator = Math.abs((double) a[i]) + Math.abs((double) b[i]);
                    if (denominator > 0) {
                        sum += Math.abs((double) a[i] - b[i]) / denominator;
                    }
                }
                return sum;
            }
            case "braycurtis": {
                double numerator = 0, denominator = 0;
                for (int i = 0; i < n; i++) {
                    numerator += Math.abs((double) a[i] - b[i]);
                    denominator += Math.abs((double) a[i] + b[i]);
                }
                if (denominator == 0) {
                    return numerator == 0 ? 0 : Float.MAX_VALUE;
                }
                return numerator / denominator;
            }
            default:
                throw new AssertionError("no reference for metric [" + name + "]");
        }
    }

    /**
     * How far a float computation may stray from the double reference: relative to the result, except where the
     * float computation cancels (dot's sum of signed products, cosine's {@code 1 - cos}), where it is relative to
     * the magnitude of what cancels.
     */
    static double tolerance(Metric metric, float[] a, float[] b, double expected) {
        double scale = Math.abs(expected);
        switch (metric.name()) {
            case "dot": {
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    sum += Math.abs((double) a[i] * b[i]);
                }
                scale = sum;
                break;
            }
            case "cosine":
                scale = 1;
                break;
            default:
                break;
        }
        return 1e-4 * scale + 1e-5;
    }
}
