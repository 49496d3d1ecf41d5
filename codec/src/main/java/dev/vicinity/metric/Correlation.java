package dev.vicinity.metric;

/**
 * Correlation distance, {@code 1 - pearson(a, b)}: the cosine distance of the mean-centred vectors, in
 * {@code [0, 2]}. Computed in two double-precision passes (means, then centred products), because the one-pass
 * form {@code sum(a b) - n mean(a) mean(b)} cancels catastrophically on data with a large mean, such as pixels.
 *
 * <p>A constant vector has no variance, so PyNNDescent's convention applies (see {@link OneMinusCosine#distance}):
 * {@code 0} when both vectors are constant, {@code 1} when exactly one is. Angular: the distance ignores both the
 * offset and the scale of each vector.
 */
final class Correlation extends OneMinusCosine {

    static final Correlation INSTANCE = new Correlation();

    private Correlation() {}

    @Override
    public String name() {
        return "correlation";
    }

    @Override
    public int id() {
        return Metrics.CORRELATION;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < a.length; i++) {
            sumA += a[i];
            sumB += b[i];
        }
        double meanA = sumA / a.length;
        double meanB = sumB / b.length;
        double dot = 0;
        double squaredNormA = 0;
        double squaredNormB = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - meanA;
            double y = b[i] - meanB;
            dot += x * y;
            squaredNormA += x * x;
            squaredNormB += y * y;
        }
        return (float) distance(dot, squaredNormA, squaredNormB);
    }
}
