package dev.vicinity.stats;

/**
 * A snapshot of one field's {@link FieldCounters}, or the sum of several (the shard copies of an index on a node).
 * Times are in nanoseconds.
 *
 * @param flushes structures built when a segment was flushed
 * @param seededMerges structures of merged segments that started from their sources' structures (NN-descent seeds
 *     its graph with the sources' k-NN rows, LSH combines the sources' buckets)
 * @param scratchMerges structures of merged segments built from the merged vectors alone (every forest merge, and
 *     NN-descent or LSH merges whose sources had no usable structure)
 * @param queries {@code VicinityKnnQuery} searches of the field, one per searched index (shard copy)
 * @param queryNanos their total time, from the start of the first segment's search to the merge of the results
 */
public record FieldCounts(BuildTotals flushes, BuildTotals seededMerges, BuildTotals scratchMerges, long queries, long queryNanos) {

    /** Nothing counted. */
    public static final FieldCounts NONE = new FieldCounts(BuildTotals.NONE, BuildTotals.NONE, BuildTotals.NONE, 0, 0);

    /** Every merge that built a structure, seeded or from scratch. */
    public BuildTotals merges() {
        return seededMerges.plus(scratchMerges);
    }

    /** The field-by-field sum. */
    public FieldCounts plus(FieldCounts other) {
        return new FieldCounts(flushes.plus(other.flushes), seededMerges.plus(other.seededMerges), scratchMerges.plus(other.scratchMerges),
            queries + other.queries, queryNanos + other.queryNanos);
    }

    /**
     * Structure builds of one kind.
     *
     * @param count how many structures were built
     * @param vectors how many vectors they hold together
     * @param nanos how long the builds took together, from the method's start to its block written
     */
    public record BuildTotals(long count, long vectors, long nanos) {

        public static final BuildTotals NONE = new BuildTotals(0, 0, 0);

        public BuildTotals plus(BuildTotals other) {
            return new BuildTotals(count + other.count, vectors + other.vectors, nanos + other.nanos);
        }
    }
}
