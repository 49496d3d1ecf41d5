package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An index method as a plug-in of the Vicinity vectors format: everything the generic writer, reader, field type and
 * query need to know of one method, so that they never branch on a method or name its parameters (house rule 11).
 * Each method lives in its own package ({@code codec.exact}, {@code codec.nndescent}, ...) behind one implementation
 * of this interface, registered in {@link IndexMethods} under a permanent id.
 *
 * <p>What stays generic (and so is not here): raw vectors (Lucene's flat format), headers, footers and checksums,
 * the common part of each field's meta entry ({@link FieldMeta}), the {@value #EXACT_BELOW} threshold below which a
 * segment gets no structure and is searched exactly, the exact fallback under restrictive filters, merged ordinals
 * and vectors ({@link MergeSources}), abort polling and progress logging ({@link FieldBuild#monitor()}).
 *
 * <h2>Life of a field</h2>
 * <ol>
 *   <li>Mapping time: {@link #checkBuildParameters} refuses unknown or out-of-range build parameters.
 *   <li>Flush and merge: if the segment is large enough ({@value #EXACT_BELOW}) and {@link #canIndex} agrees,
 *       {@link #build} writes the method's block into the segment's data file and returns its {@link MethodEntry},
 *       which the generic writer records in the meta file after the common entry.
 *   <li>Opening a segment: {@link #readEntry} reads and validates the entry, {@link #open} opens the block (a slice
 *       of the memory-mapped data file) as a {@link MethodField}, validating its structure.
 *   <li>Query time: {@link #parseQuery} turns the user's query parameters into a {@link MethodQuery}; each segment's
 *       {@link MethodField#search} writes its hits into the collector through {@link FieldSearch}.
 * </ol>
 */
public interface IndexMethod {

    /**
     * The build parameter every method that builds a structure takes: segments with fewer vectors than this get no
     * structure and are searched exactly (default {@value #DEFAULT_EXACT_BELOW}). Handled by the generic writer.
     */
    String EXACT_BELOW = "exact_below";
    int DEFAULT_EXACT_BELOW = 1000;

    /** The name a mapping uses, for example {@code "nndescent"}. */
    String name();

    /**
     * The permanent on-disk id, written into every segment's meta file. An id, once released, keeps its meaning
     * forever and is never reused (house rule 2).
     */
    int id();

    /** Whether the method builds a structure; {@code false} only for {@code exact}, which every segment searches by scanning. */
    boolean buildsStructure();

    /** The version of the entry and block layout this code writes; readers accept {@link #minimumVersion()} to this. */
    int version();

    /** The oldest entry and block layout this code still reads. */
    int minimumVersion();

    /** The build parameters of the mapping's {@code method} object, in documentation order (without {@value #EXACT_BELOW}). */
    List<String> buildParameters();

    /**
     * Checks build parameters as a mapping gives them (strings by name, without {@value #EXACT_BELOW}).
     *
     * @throws IllegalArgumentException naming the parameter and the value when one is unknown, unparsable or out of
     *     range, or the metric cannot be used with the method
     */
    void checkBuildParameters(Map<String, String> params, Metric metric);

    /** Whether a segment of {@code n} vectors can get a structure with these (checked) parameters. */
    default boolean canIndex(int n, Map<String, String> params) {
        return buildsStructure() && n > 0;
    }

    /** The names of the method's query-time parameters, in documentation order. */
    List<String> queryParameters();

    /**
     * The query-time parameters as a query gives them (JSON scalars: strings, numbers, booleans).
     *
     * @throws IllegalArgumentException naming the parameter and the value when one is unknown, of the wrong type or
     *     out of range
     */
    MethodQuery parseQuery(Map<String, ?> params);

    /** The parameters of a query that sets none. */
    MethodQuery defaultQuery();

    /**
     * The path through the query parameters along which recall grows, for tuning to a target recall; {@code null}
     * when the method has nothing to tune (it is exact).
     */
    default QueryKnob queryKnob() {
        return null;
    }

    /**
     * Builds the structure of a field being flushed or merged, writes it to {@link FieldBuild#data()} and returns the
     * entry describing it. Only called when {@link #canIndex} agreed.
     */
    MethodEntry build(FieldBuild build) throws IOException;

    /**
     * Reads the method's part of a field's meta entry, written by {@link MethodEntry#write}.
     *
     * @param version the method's layout version the segment was written with, already checked to be supported
     * @param size the number of vectors of the field in the segment
     * @param blockLength the length of the field's block in the data file, for consistency checks
     * @throws org.apache.lucene.index.CorruptIndexException when a value is out of range or inconsistent
     */
    MethodEntry readEntry(IndexInput meta, int version, FieldMeta field, int size, long blockLength) throws IOException;

    /**
     * Opens a field's block for searching and merging. Validates what can be validated cheaply (offsets within the
     * block, counts within bounds) and throws {@link org.apache.lucene.index.CorruptIndexException} on damage.
     *
     * @param block the field's block of the data file, a slice of the (memory-mapped) file
     */
    MethodField open(FieldMeta field, MethodEntry entry, IndexInput block) throws IOException;
}
