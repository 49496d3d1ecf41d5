package dev.vicinity.lsh;

import org.apache.lucene.util.RamUsageEstimator;

import java.util.Arrays;

/**
 * FALCONN's cross-polytope hash: rotate the transformed vector pseudo-randomly, then each hash function is the signed
 * axis nearest to it within a block of {@code b} coordinates, code {@code 2·i + (y_i < 0 ? 1 : 0)} for the
 * coordinate {@code i} of largest {@code |y_i|}: {@code w = log2(2b)} bits.
 *
 * <p><b>Rotation.</b> The vector is zero-padded to {@code d'}, the next power of two of the dimension, and rotated
 * by {@code rounds} rounds of random sign flips followed by a Walsh-Hadamard transform ({@link FastHadamard}); FALCONN
 * uses one to three such rounds as a fast stand-in for a random rotation. Sign flips of rotation {@code r}: the
 * bits of {@code SplitMix64.of(seed, r, 0).nextLong()}, 64 coordinates per long, round after round.
 *
 * <p><b>Blocks.</b> One rotation gives {@code d'/b} blocks; table {@code t}'s function {@code j} uses global block
 * {@code g = t·F + j}, the {@code (g mod d'/b)}-th block of rotation {@code g / (d'/b)}, where
 * {@code F = ceil(32 / w)} functions make a 32-bit key. Blocks of one rotation are projections on orthogonal
 * subspaces, nearly independent, so small blocks let one rotation serve several tables (with {@code b = d'} every
 * function has its own rotation, as in FALCONN).
 *
 * <p><b>Prefixes and probes.</b> A prefix that ends inside a function keeps the top bits of its code, the high bits
 * of {@code i}: the coordinate group of {@code 2^(w-1-u)} coordinates holding the largest {@code |y_i|}, itself a
 * coarser cross-polytope-like hash. Moving a full function to vertex {@code s·e_i} costs
 * {@code (|y*| - s·y_i)² / 2}, the squared distance to the bisector of the two vertices (FALCONN's score, halved);
 * moving a partial one to another group costs the same with that group's largest {@code |y_i|}; coordinates of the
 * orthonormal rotation ({@code H} scaled by {@code 1/sqrt(d')}).
 */
final class CrossPolytopeHash extends HashFamily {

    private final int padded;
    private final int block;
    private final int codeBits;
    private final int functions;
    private final int blocksPerRotation;
    private final int rotations;
    private final int rounds;
    /** Per rotation, per round, per coordinate: +1 or -1. */
    private final float[][][] signs;
    private final float scale;
    private final float[] state;

    CrossPolytopeHash(HashSpec spec, int dims, boolean normalize, float[] center) {
        super(spec, dims, new InputTransform(normalize, center));
        this.padded = paddedDimension(dims);
        this.block = blockDimension(dims, spec.dimension());
        this.codeBits = Integer.numberOfTrailingZeros(block) + 1;
        this.functions = (32 + codeBits - 1) / codeBits;
        this.blocksPerRotation = padded / block;
        this.rotations = (spec.tables() * functions + blocksPerRotation - 1) / blocksPerRotation;
        this.rounds = spec.rotations();
        this.signs = new float[rotations][rounds][padded];
        for (int r = 0; r < rotations; r++) {
            SplitMix64 random = SplitMix64.of(spec.seed(), r, 0);
            for (int k = 0; k < rounds; k++) {
                long bits = 0;
                for (int i = 0; i < padded; i++) {
                    if ((i & 63) == 0) {
                        bits = random.nextLong();
                    }
                    signs[r][k][i] = ((bits >>> (i & 63)) & 1) == 0 ? 1f : -1f;
                }
            }
        }
        this.scale = (float) Math.pow(padded, -0.5 * rounds);
        this.state = center == null ? new float[0] : center.clone();
    }

    /** The next power of two of {@code dims}, at least 2. */
    static int paddedDimension(int dims) {
        return Math.max(2, Integer.highestOneBit(Math.max(1, dims - 1)) << 1);
    }

    /**
     * The block dimension actually used: {@code dimension} capped at the padded dimension, or for {@code 0} (auto)
     * {@code min(64, d'/4)}, at least 2. Measured in one process at equal tables and buckets: on GloVe ({@code d' = 64})
     * blocks of 16 beat 4, 8 and 64 in recall per examined entry (64 tables, 128 probes, 2,000 candidates: 0.879 on
     * 30,000 entries against 0.875 on 40,600 for 64); on MNIST ({@code d' = 1024}) 64 beat 16 (0.944 against 0.928 on
     * about 6,800 entries); a quarter of {@code d'} also leaves four blocks or more per rotation to share.
     */
    static int blockDimension(int dims, int dimension) {
        int padded = paddedDimension(dims);
        if (dimension == 0) {
            return Math.max(2, Math.min(64, padded / 4));
        }
        return Math.min(dimension, padded);
    }

    /** Keys are always 32 bits: {@code ceil(32 / w)} functions, the last one cut. */
    @Override
    int maxBits() {
        return 32;
    }

    @Override
    float[] state() {
        return state.clone();
    }

    @Override
    long ramBytesUsed() {
        return RamUsageEstimator.shallowSizeOf(this) + ArrayBytes.of(signs) + RamUsageEstimator.sizeOf(state) + transform.ramBytesUsed();
    }

    @Override
    Hasher newHasher() {
        return new PolytopeHasher();
    }

    private final class PolytopeHasher extends Hasher {
        private final float[] x = new float[dims];
        private final float[][] rotated = new float[rotations][padded];
        private final boolean[] done = new boolean[rotations];

        /** The argmax of each function's block, valid where {@code bestStamp} equals {@code stamp}. */
        private final int[] best = new int[spec.tables() * functions];
        private final int[] bestStamp = new int[spec.tables() * functions];
        private int stamp;

        @Override
        void set(float[] vector) {
            transform.apply(vector, x);
            Arrays.fill(done, false);
            if (++stamp == 0) {
                Arrays.fill(bestStamp, 0);
                stamp = 1;
            }
        }

        private int best(int g, float[] y, int from) {
            if (bestStamp[g] != stamp) {
                best[g] = argmax(y, from);
                bestStamp[g] = stamp;
            }
            return best[g];
        }

        private float[] rotation(int r) {
            float[] y = rotated[r];
            if (done[r] == false) {
                System.arraycopy(x, 0, y, 0, dims);
                Arrays.fill(y, dims, padded, 0f);
                for (int k = 0; k < rounds; k++) {
                    FastHadamard.signedTransform(y, signs[r][k], padded);
                }
                done[r] = true;
            }
            return y;
        }

        /** Index within the block of the largest |y_i|. */
        private int argmax(float[] y, int from) {
            int best = 0;
            float bestAbs = Math.abs(y[from]);
            for (int i = 1; i < block; i++) {
                float a = Math.abs(y[from + i]);
                if (a > bestAbs) {
                    bestAbs = a;
                    best = i;
                }
            }
            return best;
        }

        @Override
        long home(int table, int bits) {
            long v = 0;
            for (int j = 0; j * codeBits < bits; j++) {
                int g = table * functions + j;
                float[] y = rotation(g / blocksPerRotation);
                int from = (g % blocksPerRotation) * block;
                int i = best(g, y, from);
                int code = (i << 1) | (y[from + i] < 0 ? 1 : 0);
                int used = Math.min(codeBits, bits - j * codeBits);
                v = (v << used) | (code >>> (codeBits - used));
            }
            return v;
        }

        @Override
        void alternatives(int table, int bits, ProbeAlternatives out) {
            out.clear();
            for (int j = 0; j * codeBits < bits; j++) {
                out.addFunction();
                int g = table * functions + j;
                float[] y = rotation(g / blocksPerRotation);
                int from = (g % blocksPerRotation) * block;
                int best = best(g, y, from);
                float top = Math.abs(y[from + best]) * scale;
                int used = Math.min(codeBits, bits - j * codeBits);
                int shift = bits - j * codeBits - used;
                if (used == codeBits && block - 1 >= out.limit()) {
                    // the cheapest alternatives are the same-sign vertices of the next largest |y_i|: every other
                    // alternative costs at least |y*|^2 / 2, which none of these exceeds
                    int home = (best << 1) | (y[from + best] < 0 ? 1 : 0);
                    int count = largest(y, from, best, out.limit());
                    for (int r = 0; r < count; r++) {
                        int i = topIndex[r];
                        float gap = top - Math.abs(y[from + i]) * scale;
                        out.offer(gap * gap * 0.5f, (long) (((i << 1) | (y[from + i] < 0 ? 1 : 0)) - home) << shift);
                    }
                } else if (used == codeBits) {
                    int home = (best << 1) | (y[from + best] < 0 ? 1 : 0);
                    for (int i = 0; i < block; i++) {
                        float yi = y[from + i] * scale;
                        // vertex +e_i (code 2i) and -e_i (code 2i + 1)
                        offerVertex(out, top, yi, (i << 1), home, shift);
                        offerVertex(out, top, -yi, (i << 1) | 1, home, shift);
                    }
                } else {
                    int groupShift = codeBits - 1 - used; // coordinates per group: 2^groupShift
                    int homeGroup = best >>> groupShift;
                    int groups = block >>> groupShift;
                    for (int group = 0; group < groups; group++) {
                        if (group == homeGroup) {
                            continue;
                        }
                        float groupTop = 0;
                        int start = from + (group << groupShift);
                        for (int i = 0; i < (1 << groupShift); i++) {
                            groupTop = Math.max(groupTop, Math.abs(y[start + i]));
                        }
                        float gap = top - groupTop * scale;
                        out.offer(gap * gap * 0.5f, (long) (group - homeGroup) << shift);
                    }
                }
            }
            out.finish();
        }

        private final int[] topIndex = new int[ProbeAlternatives.MAX_ALTERNATIVES];
        private final float[] topAbs = new float[ProbeAlternatives.MAX_ALTERNATIVES];

        /** The {@code count} coordinates of the block with the largest |y_i| but {@code skip}, largest first, into {@link #topIndex}. */
        private int largest(float[] y, int from, int skip, int count) {
            int size = 0;
            for (int i = 0; i < block; i++) {
                if (i == skip) {
                    continue;
                }
                float a = Math.abs(y[from + i]);
                if (size == count) {
                    if (a <= topAbs[size - 1]) {
                        continue;
                    }
                    size--;
                }
                int r = size++;
                while (r > 0 && topAbs[r - 1] < a) {
                    topAbs[r] = topAbs[r - 1];
                    topIndex[r] = topIndex[r - 1];
                    r--;
                }
                topAbs[r] = a;
                topIndex[r] = i;
            }
            return size;
        }

        private void offerVertex(ProbeAlternatives out, float top, float signedCoordinate, int code, int home, int shift) {
            if (code != home) {
                float gap = top - signedCoordinate;
                out.offer(gap * gap * 0.5f, (long) (code - home) << shift);
            }
        }
    }
}
