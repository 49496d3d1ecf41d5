package dev.vicinity.codec;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;

/**
 * The Vicinity vectors format: raw vectors through Lucene's flat vectors format, plus a meta file that records, per
 * field, the index method, the metric and every build parameter, so a segment can be searched and merged without
 * the mapping. Later index methods add their structures in further files beside these.
 *
 * <p>Fields carrying {@link VicinityFieldType} attributes are indexed with their method and scored with their
 * metric: a hit's score is {@code metric.score(metric.distance(query, vector))}. Any other vector field (as Lucene's
 * own tests create them, float or byte) is indexed with the {@link IndexMethod#EXACT exact} method and scored with
 * the field's {@link org.apache.lucene.index.VectorSimilarityFunction}, exactly as Lucene's formats score it.
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
 *         <li><b>[vint]</b> index method id, see {@link IndexMethod} ({@code exact} = 1)
 *         <li><b>[vint]</b> metric id, see {@code Metrics}; {@code 0} means "no Vicinity metric: score with the
 *             field's Lucene similarity"
 *         <li><b>[int32]</b> metric parameter as {@link Float#floatToIntBits float bits}, {@code NaN} when the
 *             metric takes none
 *         <li><b>[byte]</b> vector encoding id: {@code 1} = FLOAT32, {@code 2} = BYTE
 *         <li><b>[byte]</b> Lucene similarity id of the field: {@code 1} = EUCLIDEAN, {@code 2} = DOT_PRODUCT,
 *             {@code 3} = COSINE, {@code 4} = MAXIMUM_INNER_PRODUCT (for Vicinity fields it is the placeholder
 *             the field type carries, kept to cross-check the field info)
 *         <li><b>[vint]</b> number of dimensions
 *         <li><b>[vint]</b> number of method build parameters {@code n} (at most {@value FieldMeta#MAX_METHOD_PARAMS}),
 *             then {@code n} times: <b>[vint]</b> name length, <b>[bytes]</b> UTF-8 name, <b>[vint]</b> value
 *             length, <b>[bytes]</b> UTF-8 value, sorted by name (each at most {@value FieldMeta#MAX_PARAM_BYTES}
 *             bytes). The {@code exact} method has none.
 *         <li>Method-specific entry: empty for {@code exact}; for {@code nndescent} the resolved build parameters
 *             (seed included), the vector count, whether the segment is graphed and where its block lies in
 *             {@code .vex}, field by field on {@link NNDescentFieldEntry}.
 *       </ul>
 *   <li><b>[int32]</b> {@code -1}, marking the end of the fields
 *   <li>Checksum footer
 * </ul>
 *
 * <h3>{@code .vex}: NN-descent graphs and search trees</h3>
 *
 * <p>Only in segments where some {@code nndescent} field has at least {@link NNDescentFormat#MIN_GRAPH_SIZE} vectors.
 * Index header (codec name {@code VicinityNNDescentData}, same version as {@code .vem}), one block per graphed field
 * (search graph in CSR form, search tree, k-NN rows for merges; layout on {@link NNDescentFieldEntry}), checksum
 * footer. Read through slices of the (memory-mapped) file; never loaded onto the heap.
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
 * <p>Opening a segment checksums the whole {@code .vem} and {@code .vemf} files and validates every id, field number
 * and dimension against the segment's field infos ({@code CorruptIndexException} otherwise); the headers and footers
 * of {@code .vec} and {@code .vex} are checked structurally, and every {@code .vex} block's length against its counts.
 * {@code checkIntegrity()} (called by {@code CheckIndex} and before every merge) checksums {@code .vec} and
 * {@code .vex} in full.
 *
 * <p>The format name {@value #NAME} and these layouts are permanent: a change needs a new version.
 */
public final class VicinityVectorsFormat extends KnnVectorsFormat {

    /** The permanent SPI name of this format. */
    public static final String NAME = "VicinityVectors10";

    static final String META_CODEC_NAME = "VicinityVectorsFormatMeta";
    static final String META_EXTENSION = "vem";

    /**
     * Version 1: nndescent graphs numbered by search-tree position, optional int8 walk vectors. Version 0 (graphs by
     * ordinal) was never released and is no longer read: its segments fail to open as too old.
     */
    static final int VERSION_GRAPH_BY_POSITION = 1;
    static final int VERSION_START = VERSION_GRAPH_BY_POSITION;
    static final int VERSION_CURRENT = VERSION_GRAPH_BY_POSITION;

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
        FlatVectorsReader flatReader = FLAT_VECTORS_FORMAT.fieldsReader(state);
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

    @Override
    public String toString() {
        return NAME + "(flat=" + FLAT_VECTORS_FORMAT + ")";
    }
}
