package dev.vicinity.codec;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.IOUtils;

import java.io.EOFException;
import java.io.IOException;

/**
 * The Vicinity vectors format: raw vectors through Lucene's flat vectors format, a meta file that records, per field,
 * the index method, the metric and every build parameter, and a data file holding each field's index structure, one
 * block per field, written and read by the field's {@link IndexMethod}. A segment can be searched and merged without
 * the mapping.
 *
 * <p>Fields carrying {@link VicinityFieldType} attributes are indexed with their method and scored with their
 * metric: a hit's score is {@code metric.score(distance)} with the distance of {@link QueryDistances}. Any other
 * vector field (as Lucene's own tests create them, float or byte) is indexed with the {@code exact} method and scored
 * with the field's {@link org.apache.lucene.index.VectorSimilarityFunction}, exactly as Lucene's formats score it.
 *
 * <h2>Files</h2>
 *
 * <p>All files start with a {@code CodecUtil} index header (magic, codec name, version, segment id, segment suffix)
 * and end with a {@code CodecUtil} checksum footer (both big-endian, as {@code CodecUtil} writes them). In between,
 * fixed-width integers are little-endian as Lucene's {@code DataOutput} writes them; vints are Lucene's
 * variable-length encoding.
 *
 * <h3>{@code .vem}: Vicinity meta</h3>
 *
 * <ul>
 *   <li>Index header, codec name {@value #META_CODEC_NAME}, version {@value #VERSION_CURRENT}
 *   <li>For each field:
 *       <ul>
 *         <li><b>[int32]</b> field number
 *         <li><b>[vint]</b> index method id ({@link IndexMethods}: {@code exact} = 1, {@code nndescent} = 2)
 *         <li><b>[vint]</b> the method's layout version (of its entry and block), see {@link IndexMethod#version()}
 *         <li><b>[vint]</b> metric id, see {@code Metrics}; {@code 0} means "no Vicinity metric: score with the
 *             field's Lucene similarity"
 *         <li><b>[int32]</b> metric parameter as {@link Float#floatToIntBits float bits}, {@code NaN} when the
 *             metric takes none
 *         <li><b>[byte]</b> vector encoding id: {@code 1} = FLOAT32, {@code 2} = BYTE
 *         <li><b>[byte]</b> Lucene similarity id of the field: {@code 1} = EUCLIDEAN, {@code 2} = DOT_PRODUCT,
 *             {@code 3} = COSINE, {@code 4} = MAXIMUM_INNER_PRODUCT (for Vicinity fields it is the placeholder
 *             the field type carries, kept to cross-check the field info)
 *         <li><b>[vint]</b> number of dimensions
 *         <li><b>[vint]</b> number of build parameters {@code n} (at most {@value FieldMeta#MAX_METHOD_PARAMS}),
 *             then {@code n} times: <b>[vint]</b> name length, <b>[bytes]</b> UTF-8 name, <b>[vint]</b> value
 *             length, <b>[bytes]</b> UTF-8 value, sorted by name (each at most {@value FieldMeta#MAX_PARAM_BYTES}
 *             bytes): the mapping's, the generic {@value IndexMethod#EXACT_BELOW} included
 *         <li><b>[byte]</b> {@code 0}: no structure, the field is searched exactly in this segment (the
 *             {@code exact} method, or fewer vectors than {@value IndexMethod#EXACT_BELOW}, or too few for the
 *             method); {@code 1}: a structure follows
 *         <li>only with a structure: <b>[vlong]</b> offset and <b>[vlong]</b> length of the field's block in
 *             {@code .vex}, then the method's entry, documented by the method ({@code NNDescentFieldEntry})
 *       </ul>
 *   <li><b>[int32]</b> {@code -1}, marking the end of the fields
 *   <li>Checksum footer
 * </ul>
 *
 * <h3>{@code .vex}: index structures</h3>
 *
 * <p>Only in segments where some field has a structure. Index header (codec name {@value #DATA_CODEC_NAME}, same
 * version as {@code .vem}), then one block per field with a structure, each starting at a multiple of
 * {@value #BLOCK_ALIGNMENT} bytes (zero padding before it), laid out by its method, then a checksum footer. Read
 * through slices of the (memory-mapped) file; never loaded onto the heap.
 *
 * <h3>{@code .vec} and {@code .vemf}: raw vectors</h3>
 *
 * <p>Written by Lucene's {@link Lucene99FlatVectorsFormat} and documented there: {@code .vemf} holds, per field,
 * the encoding, similarity, offset and length of its vectors, dimensions, count and the doc-id/ordinal mapping;
 * {@code .vec} holds the vectors (dense, ordinal order, little-endian floats or bytes) and, for sparse fields, the
 * doc ids and ordinal-to-doc table. They are memory-mapped where the directory does so and read off-heap.
 *
 * <h2>Integrity</h2>
 *
 * <p>Opening a segment checksums the whole {@code .vem}, {@code .vemf} and {@code .vex} files and validates every id,
 * version, field number and dimension against the segment's field infos, and each method validates its entry against
 * the length of its block ({@code CorruptIndexException} otherwise); every block must lie between the data file's
 * header and footer. The raw vectors ({@code .vec}, the largest file) are checked structurally at open and
 * checksummed in full once, before the segment's first search, which fails (as does every later one) when they are
 * damaged. Ids read from a block during a search are checked against the entry's counts. {@code checkIntegrity()}
 * (called by {@code CheckIndex} and before every merge) checksums {@code .vec} and {@code .vex} in full.
 *
 * <h2>Restrictive filters</h2>
 *
 * <p>A search whose accept-docs (deletions plus the user's filter) admit fewer than {@value #EXACT_FILTER_MIN_FACTOR}
 * {@code ·k} documents, or less than {@code 1/}{@value #EXACT_FILTER_FRACTION} of the segment, scores the accepted
 * documents exactly by default ({@link MethodField#exactUnderFilter}): under such filters a structure's search
 * degenerates towards a scan while risking to miss accepted documents. {@code nndescent}, whose filtered walk keeps
 * its recall down to a 50th of the segment, replaces the fraction with its own bound and its measured walk cost.
 *
 * <p>The format name {@value #NAME} and these layouts are permanent: a change needs a new version.
 */
public final class VicinityVectorsFormat extends KnnVectorsFormat {

    /** The permanent SPI name of this format. */
    public static final String NAME = "VicinityVectors10";

    static final String META_CODEC_NAME = "VicinityVectorsFormatMeta";
    static final String META_EXTENSION = "vem";
    static final String DATA_CODEC_NAME = "VicinityIndexData";
    /** "Vector index", an extension Elasticsearch memory-maps. */
    static final String DATA_EXTENSION = "vex";

    /**
     * Version 2: methods as plug-ins (method layout versions, a structure flag, blocks in one shared data file).
     * Versions 0 and 1 (nndescent-only layouts) were never released and are not read: their segments fail to open as
     * too old.
     */
    static final int VERSION_METHOD_SEAM = 2;
    static final int VERSION_START = VERSION_METHOD_SEAM;
    static final int VERSION_CURRENT = VERSION_METHOD_SEAM;

    /** Blocks in the data file start at multiples of this, so arrays in them are aligned for memory-mapped reads. */
    public static final int BLOCK_ALIGNMENT = 64;

    /** Exact search when fewer than this many times {@code k} documents are accepted. */
    public static final int EXACT_FILTER_MIN_FACTOR = 10;
    /** Exact search when less than one in this many documents of the segment is accepted. */
    public static final int EXACT_FILTER_FRACTION = 10;

    /** The largest number of dimensions a field may have; Elasticsearch's {@code dense_vector} allows as many. */
    public static final int MAX_DIMENSIONS = 4096;

    /**
     * Raw vector storage. Lucene's scorer is used for fields without a Vicinity metric and is SIMD-accelerated when
     * the vector incubator module is present; Vicinity metrics score through {@code VectorUtil} themselves.
     */
    private static final FlatVectorsFormat FLAT_VECTORS_FORMAT = new Lucene99FlatVectorsFormat(
        FlatVectorScorerUtil.getLucene99FlatVectorsScorer()
    );

    /** Public no-argument constructor, required by SPI: reading finds the format by {@link #NAME}. */
    public VicinityVectorsFormat() {
        super(NAME);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return new VicinityVectorsWriter(state, FLAT_VECTORS_FORMAT.fieldsWriter(state));
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        FlatVectorsReader flatReader;
        try {
            flatReader = FLAT_VECTORS_FORMAT.fieldsReader(state);
        } catch (EOFException e) {
            // a damaged length in a header reads past the end: name the files, which Lucene's wrapper does not
            throw new CorruptIndexException("raw vectors end early: " + e,
                IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, "vec/.vemf"), e);
        }
        try {
            return new VicinityVectorsReader(state, flatReader);
        } catch (Throwable t) {
            IOUtils.closeWhileSuppressingExceptions(t, flatReader);
            throw t;
        }
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }

    /** Whether a search accepting about {@code accepted} of {@code n} documents should be exact (see the class javadoc). */
    static boolean exactForFilter(long accepted, int n, int k) {
        return accepted < (long) EXACT_FILTER_MIN_FACTOR * k || accepted * EXACT_FILTER_FRACTION < n;
    }

    @Override
    public String toString() {
        return NAME + "(flat=" + FLAT_VECTORS_FORMAT + ")";
    }
}
