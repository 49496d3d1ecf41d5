package dev.vicinity.metric;

/**
 * Bray-Curtis dissimilarity, {@code sum(|a_i - b_i|) / sum(|a_i + b_i|)}: in {@code [0, 1]} for non-negative
 * vectors (its usual domain: counts, abundances, histograms), unbounded once coordinates of opposite signs cancel
 * in the denominator.
 *
 * <p>Where scipy divides by zero, this never returns NaN or infinity:
 * <ul>
 *   <li>both sums zero (both vectors all-zero, or more generally {@code a = b = 0}): {@code 0}, equal vectors;</li>
 *   <li>denominator zero but numerator not ({@code a = -b ≠ 0}): {@code Float.MAX_VALUE}, the limit of the ratio
 *       as the denominator shrinks to zero, saturated like every overflowing distance in this package.</li>
 * </ul>
 */
final class BrayCurtis implements Metric {

    static final BrayCurtis INSTANCE = new BrayCurtis();

    private BrayCurtis() {}

    @Override
    public String name() {
        return "braycurtis";
    }

    @Override
    public int id() {
        return Metrics.BRAYCURTIS;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        double differences = 0;
        double sums = 0;
        for (int i = 0; i < a.length; i++) {
            differences += Math.abs((double) a[i] - b[i]);
            sums += Math.abs((double) a[i] + b[i]);
        }
        if (sums == 0) {
            return differences == 0 ? 0f : Float.MAX_VALUE;
        }
        return Loops.saturate(differences / sums);
    }
}
