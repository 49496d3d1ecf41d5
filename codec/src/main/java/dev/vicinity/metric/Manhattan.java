package dev.vicinity.metric;

/** Manhattan (L1, taxicab) distance, {@code sum(|a_i - b_i|)}. */
final class Manhattan implements Metric {

    static final Manhattan INSTANCE = new Manhattan();

    private Manhattan() {}

    @Override
    public String name() {
        return "manhattan";
    }

    @Override
    public int id() {
        return Metrics.MANHATTAN;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((double) a[i] - b[i]);
        }
        return Loops.saturate(sum);
    }
}
