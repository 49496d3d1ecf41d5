package dev.vicinity.metric;

/**
 * Canberra distance, {@code sum(|a_i - b_i| / (|a_i| + |b_i|))}, in {@code [0, n]}. A coordinate that is zero in
 * both vectors contributes {@code 0} rather than {@code 0 / 0} (scipy's convention). Each term is computed in
 * double, so huge coordinates of opposite signs cannot make it {@code infinity / infinity}.
 */
final class Canberra implements Metric {

    static final Canberra INSTANCE = new Canberra();

    private Canberra() {}

    @Override
    public String name() {
        return "canberra";
    }

    @Override
    public int id() {
        return Metrics.CANBERRA;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double denominator = Math.abs((double) a[i]) + Math.abs((double) b[i]);
            if (denominator != 0) {
                sum += Math.abs((double) a[i] - b[i]) / denominator;
            }
        }
        return (float) sum;
    }
}
