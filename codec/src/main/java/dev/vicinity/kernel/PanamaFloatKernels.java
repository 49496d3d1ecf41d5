package dev.vicinity.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The four-way kernels on the Vector API, 256 bits (8 floats) per step. 512-bit steps measured no faster on 784
 * dimensions and leave a longer scalar tail on short vectors (50 dimensions: 48 + 2 either way, but 3 steps instead
 * of 6 to spread four sums over). Loaded only through {@link FloatKernels#get()}, after the module check.
 */
final class PanamaFloatKernels implements FloatKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

    private PanamaFloatKernels() {}

    /**
     * The kernels, or {@code null} where the Vector API would not compile to 256-bit instructions (it then runs as
     * slow Java code, far slower than Lucene's fallback).
     */
    static FloatKernels createIfFast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize() ? new PanamaFloatKernels() : null;
    }

    @Override
    public void squareDistance4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at) {
        int i = 0;
        int bound = SPECIES.loopBound(x.length);
        FloatVector sa = FloatVector.zero(SPECIES);
        FloatVector sb = sa;
        FloatVector sc = sa;
        FloatVector sd = sa;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector da = xv.sub(FloatVector.fromArray(SPECIES, a, i));
            FloatVector db = xv.sub(FloatVector.fromArray(SPECIES, b, i));
            FloatVector dc = xv.sub(FloatVector.fromArray(SPECIES, c, i));
            FloatVector dd = xv.sub(FloatVector.fromArray(SPECIES, d, i));
            sa = da.fma(da, sa);
            sb = db.fma(db, sb);
            sc = dc.fma(dc, sc);
            sd = dd.fma(dd, sd);
        }
        float ra = sa.reduceLanes(VectorOperators.ADD);
        float rb = sb.reduceLanes(VectorOperators.ADD);
        float rc = sc.reduceLanes(VectorOperators.ADD);
        float rd = sd.reduceLanes(VectorOperators.ADD);
        for (; i < x.length; i++) {
            float da = x[i] - a[i];
            float db = x[i] - b[i];
            float dc = x[i] - c[i];
            float dd = x[i] - d[i];
            ra = Math.fma(da, da, ra);
            rb = Math.fma(db, db, rb);
            rc = Math.fma(dc, dc, rc);
            rd = Math.fma(dd, dd, rd);
        }
        out[at] = ra;
        out[at + 1] = rb;
        out[at + 2] = rc;
        out[at + 3] = rd;
    }

    @Override
    public void dotProduct4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at) {
        int i = 0;
        int bound = SPECIES.loopBound(x.length);
        FloatVector sa = FloatVector.zero(SPECIES);
        FloatVector sb = sa;
        FloatVector sc = sa;
        FloatVector sd = sa;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            sa = xv.fma(FloatVector.fromArray(SPECIES, a, i), sa);
            sb = xv.fma(FloatVector.fromArray(SPECIES, b, i), sb);
            sc = xv.fma(FloatVector.fromArray(SPECIES, c, i), sc);
            sd = xv.fma(FloatVector.fromArray(SPECIES, d, i), sd);
        }
        float ra = sa.reduceLanes(VectorOperators.ADD);
        float rb = sb.reduceLanes(VectorOperators.ADD);
        float rc = sc.reduceLanes(VectorOperators.ADD);
        float rd = sd.reduceLanes(VectorOperators.ADD);
        for (; i < x.length; i++) {
            ra = Math.fma(x[i], a[i], ra);
            rb = Math.fma(x[i], b[i], rb);
            rc = Math.fma(x[i], c[i], rc);
            rd = Math.fma(x[i], d[i], rd);
        }
        out[at] = ra;
        out[at + 1] = rb;
        out[at + 2] = rc;
        out[at + 3] = rd;
    }

    @Override
    public String name() {
        return "panama-256";
    }
}
