package dev.vicinity.codec;

import java.util.Arrays;

/**
 * What a merge offers a method's build beyond the merged vectors: where each merged vector comes from
 * ({@link MergedOrdinals}) and each source segment's structure of the field, so that a method can start from the
 * structures instead of from scratch (NN-descent seeds its graph with the sources' k-NN rows; LSH combines buckets).
 */
public final class MergeSources {

    private final MergedOrdinals ordinals;
    private final MethodField[] fields;
    /** Set by the build when it started from the sources' structures; read by the writer for the statistics. */
    private boolean seeded;

    MergeSources(MergedOrdinals ordinals, MethodField[] fields) {
        if (fields.length != ordinals.sourceCount()) {
            throw new IllegalArgumentException("[" + fields.length + "] source fields for [" + ordinals.sourceCount() + "] sources");
        }
        this.ordinals = ordinals;
        this.fields = fields.clone();
    }

    public MergedOrdinals ordinals() {
        return ordinals;
    }

    /**
     * The structure of source segment {@code source}, or {@code null} when it has none (searched exactly, or written
     * by another method). Its ordinals are that source's, mapped by {@link #ordinals()}.
     */
    public MethodField field(int source) {
        return fields[source];
    }

    /**
     * Tells the writer that the build started from the sources' structures instead of from scratch (NN-descent seeded
     * its graph with their k-NN rows, LSH combined their buckets), so the merge counts as seeded in the statistics
     * ({@link dev.vicinity.stats.FieldCounters#mergeBuilt}). Called from the build's thread.
     */
    public void markSeeded() {
        seeded = true;
    }

    /** Whether the build said it started from the sources' structures ({@link #markSeeded()}). */
    public boolean seeded() {
        return seeded;
    }

    /** Whether any source has a structure. */
    public boolean anyField() {
        return Arrays.stream(fields).anyMatch(f -> f != null);
    }
}
