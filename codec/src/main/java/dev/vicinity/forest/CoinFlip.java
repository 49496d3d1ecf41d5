package dev.vicinity.forest;

import dev.vicinity.rptree.Hyperplane;

/**
 * The hyperplane of a node whose points were divided by coin flips (Annoy zeroes its normal): its margin is always 0,
 * so a query descends both sides with the same priority. Stored as a zero normal and a zero offset.
 */
enum CoinFlip implements Hyperplane {
    INSTANCE;

    @Override
    public float margin(float[] x) {
        return 0;
    }
}
