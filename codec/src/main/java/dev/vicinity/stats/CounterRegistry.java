package dev.vicinity.stats;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the {@link FieldCounters} of every open index of the process live, keyed by the index's directory and the
 * field name. The codec records into it (the writer at flush and merge, {@code VicinityKnnQuery} per search); an
 * application reads it for an index it holds ({@link #snapshot}), as the Elasticsearch plugin does for each shard
 * copy through the shard's store directory.
 *
 * <p>Why keyed by directory and not by field name alone: the codec is one instance per process (Lucene finds it by
 * SPI), serving every index, and field names repeat across indices. The directory is what every flush and merge
 * ({@code SegmentWriteState.directory}) and every search (a segment reader's directory) knows of its index, and what
 * the application that opened the index knows too. The key is the innermost directory, under the
 * {@link FilterDirectory} wrappers Lucene (tracking, lock validation, merge rate limiting) and applications add.
 *
 * <p>Weak keys: an index's counters last as long as its directory is reachable, that is while the index is open in
 * this process (for Elasticsearch: while the shard copy is open on the node), and go with it, so closed and deleted
 * indices leave nothing behind.
 */
public final class CounterRegistry {

    private static final Map<Directory, ConcurrentMap<String, FieldCounters>> BY_DIRECTORY = Collections.synchronizedMap(new WeakHashMap<>());

    private CounterRegistry() {}

    /** The counters of {@code field} in the index stored in {@code directory}, created on first use. */
    public static FieldCounters field(Directory directory, String field) {
        return fields(FilterDirectory.unwrap(directory)).computeIfAbsent(field, f -> new FieldCounters());
    }

    /**
     * Counts one search of {@code field} over {@code reader}, an index's reader (an Elasticsearch shard copy's):
     * the index is found through its first segment. A reader without segments searched nothing and counts nothing.
     */
    public static void searched(IndexReader reader, String field, long nanos) {
        for (LeafReaderContext leaf : reader.leaves()) {
            SegmentReader segment = SegmentReaders.unwrap(leaf.reader());
            if (segment != null) {
                field(segment.directory(), field).searched(nanos);
                return;
            }
        }
    }

    /** The counts of every field of the index stored in {@code directory} that recorded anything, by field name. */
    public static Map<String, FieldCounts> snapshot(Directory directory) {
        Map<String, FieldCounts> counts = new TreeMap<>();
        Map<String, FieldCounters> fields = BY_DIRECTORY.get(FilterDirectory.unwrap(directory));
        if (fields != null) {
            fields.forEach((field, counters) -> counts.put(field, counters.snapshot()));
        }
        return counts;
    }

    private static ConcurrentMap<String, FieldCounters> fields(Directory key) {
        // the synchronized map locks computeIfAbsent as a whole, so two threads cannot each create the index's map
        return BY_DIRECTORY.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }
}
