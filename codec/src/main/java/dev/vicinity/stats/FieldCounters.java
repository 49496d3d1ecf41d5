package dev.vicinity.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters one field of one index keeps for as long as the index is open in this process: structures built at
 * flush and at merge (how many, of how many vectors, in how much time), merges seeded from their sources' structures
 * against merges built from scratch, and searches with their time. The codec's writer and {@code VicinityKnnQuery}
 * record into it; {@link #snapshot()} reads it. Find one through {@link CounterRegistry}.
 *
 * <p>Thread-safe without locks: a field is flushed, merged and searched from many threads at once, so every counter is
 * a {@link LongAdder}, which concurrent writers update without contending and which a reader sums. A snapshot is not
 * atomic across counters (a search finishing while it is taken may be in the count but not yet in the time), which
 * statistics can live with.
 */
public final class FieldCounters {

    private final Builds flushes = new Builds();
    private final Builds seededMerges = new Builds();
    private final Builds scratchMerges = new Builds();
    private final LongAdder queries = new LongAdder();
    private final LongAdder queryNanos = new LongAdder();

    /** A structure of {@code vectors} vectors was built at flush in {@code nanos}. */
    public void flushBuilt(int vectors, long nanos) {
        flushes.add(vectors, nanos);
    }

    /**
     * A structure of {@code vectors} vectors was built at merge in {@code nanos}; {@code seeded} when the method started
     * from the merged segments' structures rather than from scratch.
     */
    public void mergeBuilt(int vectors, long nanos, boolean seeded) {
        (seeded ? seededMerges : scratchMerges).add(vectors, nanos);
    }

    /** One search of the field over one index took {@code nanos}. */
    public void searched(long nanos) {
        queryNanos.add(nanos);
        queries.increment();
    }

    /** The counts so far. */
    public FieldCounts snapshot() {
        return new FieldCounts(flushes.snapshot(), seededMerges.snapshot(), scratchMerges.snapshot(), queries.sum(), queryNanos.sum());
    }

    /** The three counters of one kind of build. */
    private static final class Builds {
        private final LongAdder count = new LongAdder();
        private final LongAdder vectors = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        void add(int builtVectors, long builtNanos) {
            vectors.add(builtVectors);
            nanos.add(builtNanos);
            count.increment();
        }

        FieldCounts.BuildTotals snapshot() {
            return new FieldCounts.BuildTotals(count.sum(), vectors.sum(), nanos.sum());
        }
    }
}
