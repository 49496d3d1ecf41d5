package dev.vicinity.codec;

/**
 * Where each vector of a segment being merged comes from, and where each source vector goes.
 *
 * <p>Merged ordinals: Lucene's flat vectors writer writes the merged vectors in increasing merged doc id (deleted
 * documents dropped, the merge's doc maps applied, index sorting included), so merged ordinal {@code i} is the
 * {@code i}-th smallest merged doc id among the live documents with a vector. Each is traced back to its source
 * segment and that segment's ordinal.
 */
public final class MergedOrdinals {

    /** Per merged ordinal: the source segment and its ordinal there. */
    private final int[] source;
    private final int[] sourceOrd;
    /** Per source segment: source ordinal to merged ordinal, {@code -1} for deleted documents; {@code null} without vectors. */
    private final int[][] mergedOrd;

    MergedOrdinals(int[] source, int[] sourceOrd, int[][] mergedOrd) {
        this.source = source;
        this.sourceOrd = sourceOrd;
        this.mergedOrd = mergedOrd;
    }

    /** The number of vectors of the merged segment. */
    public int size() {
        return source.length;
    }

    /** The number of source segments, with or without vectors of the field. */
    public int sourceCount() {
        return mergedOrd.length;
    }

    /** The source segment of merged ordinal {@code ord}. */
    public int source(int ord) {
        return source[ord];
    }

    /** The ordinal in its source segment of merged ordinal {@code ord}. */
    public int sourceOrd(int ord) {
        return sourceOrd[ord];
    }

    /** The number of vectors source segment {@code source} had (deleted ones included); 0 when it had none. */
    public int sourceSize(int source) {
        return mergedOrd[source] == null ? 0 : mergedOrd[source].length;
    }

    /** The merged ordinal of {@code ord} of source segment {@code source}, or {@code -1} when it was deleted (or out of range). */
    public int mergedOrd(int source, int ord) {
        int[] map = mergedOrd[source];
        return map == null || ord < 0 || ord >= map.length ? -1 : map[ord];
    }
}
