package dev.vicinity.metric;

/**
 * Jaccard distance between the sets of non-zero coordinates, {@code (|A ∪ B| - |A ∩ B|) / |A ∪ B|}, in
 * {@code [0, 1]}; only whether a coordinate is zero matters, not its value. Two all-zero vectors are at distance
 * {@code 0} (scipy's convention: equal empty sets).
 *
 * <p>Angular, as in PyNNDescent: the distance ignores magnitudes entirely, so splitting through the origin suits it.
 */
final class Jaccard implements Metric {

    static final Jaccard INSTANCE = new Jaccard();

    private Jaccard() {}

    @Override
    public String name() {
        return "jaccard";
    }

    @Override
    public int id() {
        return Metrics.JACCARD;
    }

    @Override
    public float distance(float[] a, float[] b) {
        Loops.checkSameLength(a, b);
        int union = 0;
        int intersection = 0;
        for (int i = 0; i < a.length; i++) {
            boolean inA = a[i] != 0;
            boolean inB = b[i] != 0;
            if (inA || inB) {
                union++;
                if (inA && inB) {
                    intersection++;
                }
            }
        }
        return union == 0 ? 0f : (float) (union - intersection) / union;
    }

    @Override
    public boolean isAngular() {
        return true;
    }
}
