package dev.vicinity.kernel;

import org.apache.lucene.util.VectorUtil;

/** The fallback: Lucene's {@link VectorUtil}, one pair at a time (SIMD where Lucene itself can use it). */
final class LuceneFloatKernels implements FloatKernels {

    @Override
    public void squareDistance4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at) {
        out[at] = VectorUtil.squareDistance(x, a);
        out[at + 1] = VectorUtil.squareDistance(x, b);
        out[at + 2] = VectorUtil.squareDistance(x, c);
        out[at + 3] = VectorUtil.squareDistance(x, d);
    }

    @Override
    public void dotProduct4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at) {
        out[at] = VectorUtil.dotProduct(x, a);
        out[at + 1] = VectorUtil.dotProduct(x, b);
        out[at + 2] = VectorUtil.dotProduct(x, c);
        out[at + 3] = VectorUtil.dotProduct(x, d);
    }

    @Override
    public String name() {
        return "lucene";
    }
}
