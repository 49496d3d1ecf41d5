package dev.vicinity.metric;

/**
 * Minkowski distance of order {@code p}, {@code (sum(|a_i - b_i|^p))^(1/p)}, for a finite {@code p >= 1} (below
 * 1 it is no metric: the triangle inequality fails). {@code p = 1} is manhattan and {@code p = 2} euclidean, and
 * those two run their own, faster code.
 *
 * <p>The fast distance is the power sum {@code sum(|a_i - b_i|^p)}, which saves only the final root. As a float it
 * saturates at {@code Float.MAX_VALUE} and underflows to {@code 0} sooner the larger {@code p}: it resolves
 * coordinate differences between about {@code 2^(-126/p)} and {@code 2^(128/p)} (for {@code p = 8}, from about
 * {@code 2e-5} to {@code 6.5e4}). {@link #distance} itself does not depend on that range: it scales by the largest
 * difference first.
 */
final class Minkowski implements Metric {

    private final float p;

    /**
     * @throws IllegalArgumentException naming the value when {@code p} is missing ({@code NaN}), below 1 or infinite
     */
    Minkowski(float p) {
        if (Float.isNaN(p)) {
            throw new IllegalArgumentException("metric [minkowski] requires parameter [p]");
        }
        if (p < 1) {
            throw new IllegalArgumentException("metric [minkowski] needs a parameter [p] >= 1 but got [" + p + "]");
        }
        if (Float.isInfinite(p)) {
            throw new IllegalArgumentException("metric [minkowski] needs a finite parameter [p] but got [" + p + "]");
        }
        this.p = p;
    }

    @Override
    public String name() {
        return "minkowski";
    }

    @Override
    public int id() {
        return Metrics.MINKOWSKI;
    }

    @Override
    public float parameter() {
        return p;
    }

    @Override
    public float distance(float[] a, float[] b) {
        if (p == 1f) {
            return Manhattan.INSTANCE.distance(a, b);
        }
        if (p == 2f) {
            return Euclidean.INSTANCE.distance(a, b);
        }
        Loops.checkSameLength(a, b);
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs((double) a[i] - b[i]));
        }
        if (largest == 0) {
            return 0f;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.pow(Math.abs((double) a[i] - b[i]) / largest, p);
        }
        return Loops.saturate(largest * Math.pow(sum, 1.0 / p));
    }

    @Override
    public float fastDistance(float[] a, float[] b) {
        if (p == 1f) {
            return Manhattan.INSTANCE.distance(a, b);
        }
        if (p == 2f) {
            return SquaredEuclidean.squareDistance(a, b);
        }
        Loops.checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.pow(Math.abs((double) a[i] - b[i]), p);
        }
        return Loops.saturate(sum);
    }

    @Override
    public float toDistance(float fastDistance) {
        return Loops.saturate(Math.pow(fastDistance, 1.0 / p));
    }

    @Override
    public float toFastDistance(float distance) {
        return Loops.saturate(Math.pow(distance, p));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Minkowski that && Float.compare(p, that.p) == 0;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(p);
    }

    @Override
    public String toString() {
        return "minkowski(p=" + p + ")";
    }
}
