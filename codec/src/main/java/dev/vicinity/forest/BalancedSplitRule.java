package dev.vicinity.forest;

import dev.vicinity.rptree.Hyperplane;
import dev.vicinity.rptree.SplitRule;

import java.util.SplittableRandom;

/**
 * Annoy's policy for every split of the forest, whatever picks the hyperplane: a division is kept when its larger
 * side holds less than 95% of the node's points; otherwise the node gets a new hyperplane, up to three in all; if the
 * last still leaves more than 99% on one side, coin flips divide the node and it keeps a zero hyperplane
 * ({@link CoinFlip}), whose margin 0 sends a query down both sides. A margin of exactly 0 is a coin flip too.
 */
abstract class BalancedSplitRule implements SplitRule {

    /** Hyperplanes tried per node before coin flips (Annoy: 3). */
    static final int ATTEMPTS = 3;
    static final double BALANCED = 0.95;
    static final double HOPELESS = 0.99;

    @Override
    public final boolean goesLeft(float margin, SplittableRandom random) {
        return margin == 0 ? random.nextBoolean() : margin > 0;
    }

    @Override
    public final Verdict judge(int left, int size, int attempt) {
        double imbalance = imbalance(left, size);
        if (imbalance < BALANCED) {
            return Verdict.ACCEPT;
        }
        if (attempt + 1 < ATTEMPTS) {
            return Verdict.RETRY;
        }
        return imbalance > HOPELESS ? Verdict.RANDOM : Verdict.ACCEPT;
    }

    @Override
    public final boolean acceptsRandom(int left, int size) {
        return left > 0 && left < size && imbalance(left, size) <= HOPELESS;
    }

    @Override
    public final Hyperplane afterRandomSplit(Hyperplane chosen) {
        return CoinFlip.INSTANCE;
    }

    /** The larger side's share of the points. */
    static double imbalance(int left, int size) {
        return (double) Math.max(left, size - left) / size;
    }
}
