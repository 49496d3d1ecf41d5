package dev.vicinity.metric;

/** Chebyshev (L-infinity) distance, {@code max(|a_i - b_i|)}; {@code 0} for vectors of length 0. */
final class Chebyshev implements Metric {

    static final Chebyshev INSTANCE = new Chebyshev();

    private Chebyshev() {}

    @Override
    public String name() {
        return "chebyshev";
    }

    @Override
    public int id() {
        return Metrics.CHEBYSHEV;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return Loops.saturate(max);
    }
}
