package dev.vicinity.codec;

/**
 * Implemented by vectors readers that can say what heap they hold for one field, in the sense of Lucene's
 * {@link org.apache.lucene.util.Accountable#ramBytesUsed()} (an estimate by {@link org.apache.lucene.util.RamUsageEstimator}).
 * Statistics read it per segment ({@link dev.vicinity.stats.FieldSegmentStats}); a capability rather than a cast, as
 * {@link IndexedFieldProvider} is.
 */
public interface FieldRamUsage {

    /** The heap this reader holds for {@code field}, in bytes; {@code 0} when it does not read the field. */
    long ramBytesUsed(String field);
}
