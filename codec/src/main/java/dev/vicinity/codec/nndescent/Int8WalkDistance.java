package dev.vicinity.codec.nndescent;

import dev.vicinity.ann.QueryDistance;

import dev.vicinity.quantize.Int8Quantizer;

import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Distances for the nndescent walk over a segment's int8 walk vectors ({@code quantization: int8}), by position in
 * the search tree's order: each vector is copied from the mapped file (a quarter of its float size) and measured
 * with Lucene's SIMD integer kernels through {@link Int8Quantizer}. Approximate: the reader rescores hits on the
 * float vectors. One instance per searching thread; {@link #setQuery} before each walk.
 */
final class Int8WalkDistance implements QueryDistance {

    private final Int8Quantizer quantizer;
    private final IndexInput vectors;
    private final int dims;
    private final byte[] query;
    private final byte[] vector;
    /** A row's vectors, copied first, all of them, then measured: see {@link #fastDistances}. */
    private byte[][] batch = new byte[0][];
    private float factor;

    /** @param vectors the walk-vector section of the {@code .vex} block, a private clone */
    Int8WalkDistance(Int8Quantizer quantizer, IndexInput vectors, int dims) {
        this.quantizer = quantizer;
        this.vectors = vectors;
        this.dims = dims;
        this.query = new byte[dims];
        this.vector = new byte[dims];
    }

    void setQuery(float[] target) {
        factor = quantizer.quantizeQuery(target, query);
    }

    @Override
    public float fastDistance(int position) {
        try {
            vectors.seek((long) position * dims);
            vectors.readBytes(vector, 0, dims);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return quantizer.fastDistance(query, vector, factor);
    }

    /**
     * Copies every vector of the row before measuring any: the copies do not depend on each other, so the CPU keeps
     * several of their cache misses in flight, where copy-measure-copy-measure would wait for each in turn.
     */
    @Override
    public void fastDistances(int[] positions, int count, float[] into) {
        if (batch.length < count) {
            int grown = Math.max(count, 2 * batch.length);
            byte[][] slots = java.util.Arrays.copyOf(batch, grown);
            for (int i = batch.length; i < grown; i++) {
                slots[i] = new byte[dims];
            }
            batch = slots;
        }
        try {
            for (int i = 0; i < count; i++) {
                vectors.seek((long) positions[i] * dims);
                vectors.readBytes(batch[i], 0, dims);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            into[i] = quantizer.fastDistance(query, batch[i], factor);
        }
    }
}
