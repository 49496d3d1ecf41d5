package dev.vicinity.metric;

/**
 * Hamming distance as the fraction of coordinates that differ, {@code count(a_i != b_i) / n} (the scipy and
 * PyNNDescent definition), in {@code [0, 1]}; {@code 0} for vectors of length 0. Coordinates compare as floats,
 * so {@code 0.0} equals {@code -0.0}.
 */
final class Hamming implements Metric {

    static final Hamming INSTANCE = new Hamming();

    private Hamming() {}

    @Override
    public String name() {
        return "hamming";
    }

    @Override
    public int id() {
        return Metrics.HAMMING;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differing++;
            }
        }
        return a.length == 0 ? 0f : (float) differing / a.length;
    }
}
