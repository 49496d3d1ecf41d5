package dev.vicinity.stats;

import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SegmentReader;

/**
 * Finds the {@link SegmentReader} under a leaf reader: applications wrap leaves (Elasticsearch wraps every leaf it
 * searches, in {@link FilterLeafReader}s and, for soft deletes, {@link FilterCodecReader}s), and only the segment
 * reader knows the segment's vectors reader and directory.
 */
final class SegmentReaders {

    private SegmentReaders() {}

    /** The segment reader under {@code reader}, or {@code null} when there is none (a reader not backed by a segment). */
    static SegmentReader unwrap(LeafReader reader) {
        LeafReader current = reader;
        while (current instanceof SegmentReader == false) {
            if (current instanceof FilterLeafReader filter) {
                current = FilterLeafReader.unwrap(filter);
            } else if (current instanceof FilterCodecReader filter) {
                current = FilterCodecReader.unwrap(filter);
            } else {
                return null;
            }
        }
        return (SegmentReader) current;
    }
}
