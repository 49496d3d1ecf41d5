package dev.vicinity.rptree;

import dev.vicinity.ann.VectorSource;

import java.util.SplittableRandom;

/** PyNNDescent's split; see {@link SplitRule#randomProjection(boolean)}. */
final class RandomProjectionRule implements SplitRule {

    private final boolean angular;

    RandomProjectionRule(boolean angular) {
        this.angular = angular;
    }

    @Override
    public Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random) {
        int size = end - start;
        int first = random.nextInt(size);
        int second = random.nextInt(size - 1);
        if (second >= first) {
            second++;
        }
        float[] a = vectors.vector(indices[start + first]).clone();
        float[] b = vectors.vector(indices[start + second]);
        float[] normal = new float[a.length];
        float offset = Hyperplanes.between(a, b, angular, normal);
        return new DenseHyperplane(normal, offset);
    }

    @Override
    public boolean goesLeft(float margin, SplittableRandom random) {
        return Hyperplanes.goesLeft(margin, random);
    }

    @Override
    public Verdict judge(int left, int size, int attempt) {
        return left == 0 || left == size ? Verdict.RANDOM : Verdict.ACCEPT;
    }

    @Override
    public boolean acceptsRandom(int left, int size) {
        return left != 0 && left != size;
    }

    @Override
    public Hyperplane afterRandomSplit(Hyperplane chosen) {
        return chosen;
    }
}
