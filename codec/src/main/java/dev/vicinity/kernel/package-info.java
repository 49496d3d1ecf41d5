/**
 * Distance kernels that measure one vector against four at a time, for the NN-descent build.
 *
 * <p>The build compares each point with many candidates in a row; measuring four of them in one loop loads the
 * point's vector once per four, keeps four independent sums in flight and overlaps the four candidates' cache misses.
 * Measured against Lucene's one-pair {@code VectorUtil} calls on this project's machine (AVX-512): about half the time
 * per pair on 784 dimensions and a third on 50, where Lucene's 512-bit path spends most of its time on the reduction
 * and the scalar tail.
 *
 * <p>{@link dev.vicinity.kernel.FloatKernels#get()} uses the incubating Vector API when the JVM has the
 * {@code jdk.incubator.vector} module (Elasticsearch adds it by default, as do this project's scripts) and the CPU
 * has 256-bit vectors; otherwise it falls back to Lucene's {@code VectorUtil}, one pair at a time.
 */
package dev.vicinity.kernel;
