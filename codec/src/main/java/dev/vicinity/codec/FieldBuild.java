package dev.vicinity.codec;

import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import org.apache.lucene.store.IndexOutput;

import java.util.Map;

/**
 * What {@link IndexMethod#build} gets: the field, its vectors by ordinal of the segment being written, where to write
 * and, for merges, the merged segments' structures.
 *
 * @param field the field's common meta entry (name, metric, dimensions, every build parameter as the mapping gave it)
 * @param params the method's own build parameters (the field's, without the generic {@value IndexMethod#EXACT_BELOW}),
 *     already checked by {@link IndexMethod#checkBuildParameters}
 * @param vectors the vectors by ordinal; may return a shared buffer ({@link VectorSource})
 * @param data the segment's data file, positioned at the start of this field's block (aligned to
 *     {@link VicinityVectorsFormat#BLOCK_ALIGNMENT} bytes); the block is everything the method writes until it returns
 * @param merge the sources of a merge, or {@code null} at flush
 * @param monitor progress reports and the abort check: a build polls {@link BuildMonitor#aborted()} and throws
 *     {@link dev.vicinity.ann.BuildAbortedException}, which the writer turns into Lucene's merge-aborted exception
 */
public record FieldBuild(FieldMeta field, Map<String, String> params, VectorSource vectors, IndexOutput data, MergeSources merge,
                         BuildMonitor monitor) {

    public String name() {
        return field.info().name;
    }

    public Metric metric() {
        return field.metric();
    }

    public int dims() {
        return field.dims();
    }

    public int size() {
        return vectors.size();
    }
}
