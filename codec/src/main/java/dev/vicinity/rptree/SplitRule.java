package dev.vicinity.rptree;

import dev.vicinity.ann.VectorSource;

import java.util.SplittableRandom;

/**
 * How {@link RPForestBuilder} divides a node: which hyperplane it tries, which side a point with a given margin goes
 * to, and whether the measured division is kept, tried again with another hyperplane, or replaced by coin flips. The
 * builder stays the same for every rule (level by level, all trees at once); the rules differ:
 * <ul>
 *   <li>{@link #randomProjection(boolean)}: PyNNDescent's, the hyperplane between two random points of the node,
 *       accepted unless one side is empty;</li>
 *   <li>the forest method's rules (package {@code dev.vicinity.forest}): Annoy's two-means hyperplanes, tried up to
 *       three times for a balanced division.</li>
 * </ul>
 * Rules are stateless: every random choice comes from the tree's own stream, passed in, so a tree depends on its
 * seed only.
 */
public interface SplitRule {

    /** What to do with a node once its points' sides are measured. */
    enum Verdict {
        /** Keep the division. */
        ACCEPT,
        /** Measure the node again at the next pass with a new hyperplane ({@link #choose} gets the next attempt number). */
        RETRY,
        /** Assign sides by coin flips until {@link #acceptsRandom} holds; the node keeps {@link #afterRandomSplit}. */
        RANDOM
    }

    /**
     * The hyperplane for the points {@code indices[start .. end)} (more than the leaf size of them), drawing from
     * {@code random}.
     *
     * @param attempt 0 for the first try of this node, then 1, 2, ... after each {@link Verdict#RETRY}
     */
    Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random);

    /** Whether a point with this margin goes left; near-ties may be decided by a coin from {@code random}. */
    boolean goesLeft(float margin, SplittableRandom random);

    /** The verdict on a division of {@code size} points with {@code left} on the left, at the given attempt. */
    Verdict judge(int left, int size, int attempt);

    /** Whether a division by coin flips is good enough to keep (otherwise the coins are flipped again). */
    boolean acceptsRandom(int left, int size);

    /** The hyperplane a node keeps after its points were divided by coin flips. */
    Hyperplane afterRandomSplit(Hyperplane chosen);

    /**
     * PyNNDescent's random-projection rule ({@link Hyperplanes#between}): the hyperplane between two distinct random
     * points of the node; margins within {@link FlatTree#MARGIN_EPS} of zero are coin flips; every division with both
     * sides non-empty is kept, and a node whose points all fell on one side (duplicates) is divided by coin flips but
     * keeps its hyperplane.
     *
     * @param angular hyperplanes through the origin between the points' directions, for metrics that ignore length
     */
    static SplitRule randomProjection(boolean angular) {
        return new RandomProjectionRule(angular);
    }
}
