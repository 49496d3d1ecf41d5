package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The common part of one field's entry in the meta file: everything needed to search and merge the field without
 * the mapping, whatever its method. The layout is documented on {@link VicinityVectorsFormat}; writing and reading
 * live side by side here so the two cannot drift apart.
 *
 * @param info the field this entry describes
 * @param method the index method
 * @param metric the Vicinity metric, or {@code null} when the field is scored with Lucene's similarity of the field
 *     (a vector field without Vicinity attributes, see {@link VicinityVectorsFormat})
 * @param encoding the vector encoding, equal to the field info's
 * @param similarity the field info's similarity; the score for fields without a metric
 * @param dims the number of dimensions, equal to the field info's
 * @param params every build parameter by name as the mapping gave it (the method's and the generic
 *     {@value IndexMethod#EXACT_BELOW}), sorted
 */
public record FieldMeta(
    FieldInfo info,
    IndexMethod method,
    Metric metric,
    VectorEncoding encoding,
    VectorSimilarityFunction similarity,
    int dims,
    Map<String, String> params
) {

    /** Metric id meaning "no Vicinity metric: score with the field's Lucene similarity". Never a {@link Metrics} id. */
    static final int LUCENE_SIMILARITY_METRIC_ID = 0;

    /** Bounds on what a reader accepts, so corrupt counts and lengths fail fast instead of allocating gigabytes. */
    static final int MAX_METHOD_PARAMS = 64;
    static final int MAX_PARAM_BYTES = 1024;

    /** The entry for a field about to be written, from its attributes (or Lucene's similarity when it has none). */
    static FieldMeta of(FieldInfo fi) {
        if (VicinityFieldType.isVicinityField(fi)) {
            VicinityFieldType.Config config = VicinityFieldType.configOf(fi);
            return new FieldMeta(fi, config.method(), config.metric(), fi.getVectorEncoding(), fi.getVectorSimilarityFunction(),
                fi.getVectorDimension(), config.methodParams());
        }
        return new FieldMeta(fi, IndexMethods.byName("exact"), null, fi.getVectorEncoding(), fi.getVectorSimilarityFunction(),
            fi.getVectorDimension(), Map.of());
    }

    /** The method's own build parameters: {@link #params()} without the generic ones. */
    public Map<String, String> methodParams() {
        return GenericParameters.methodParams(params);
    }

    /** Segments with fewer vectors than this get no structure ({@value IndexMethod#EXACT_BELOW}). */
    public int exactBelow() {
        return GenericParameters.exactBelow(params);
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(info.number);
        out.writeVInt(method.id());
        out.writeVInt(method.version());
        out.writeVInt(metric == null ? LUCENE_SIMILARITY_METRIC_ID : metric.id());
        out.writeInt(Float.floatToIntBits(metric == null ? Float.NaN : metric.parameter()));
        out.writeByte((byte) LuceneVectorIds.encodingId(encoding));
        out.writeByte((byte) LuceneVectorIds.similarityId(similarity));
        out.writeVInt(dims);
        out.writeVInt(params.size());
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            writeBoundedString(out, param.getKey());
            writeBoundedString(out, param.getValue());
        }
    }

    /**
     * What {@link #read} returns: the entry and the method layout version the segment was written with.
     *
     * @param meta the entry
     * @param methodVersion the version of the method's entry and block layout, within the method's supported range
     */
    record Read(FieldMeta meta, int methodVersion) {}

    /**
     * Reads the entry of field {@code fieldNumber} (already read) and checks it against the segment's field infos.
     *
     * @throws CorruptIndexException when an id is unknown or the entry contradicts the field info
     */
    static Read read(IndexInput in, int fieldNumber, FieldInfos fieldInfos) throws IOException {
        FieldInfo info = fieldInfos.fieldInfo(fieldNumber);
        if (info == null || info.hasVectorValues() == false) {
            throw new CorruptIndexException("invalid vector field number [" + fieldNumber + "]", in);
        }
        int methodId = in.readVInt();
        int methodVersion = in.readVInt();
        int metricId = in.readVInt();
        float metricParam = Float.intBitsToFloat(in.readInt());
        int encodingId = in.readByte();
        int similarityId = in.readByte();
        int dims = in.readVInt();
        int paramCount = in.readVInt();
        if (paramCount < 0 || paramCount > MAX_METHOD_PARAMS) {
            throw new CorruptIndexException("field [" + info.name + "] has an invalid method parameter count [" + paramCount + "]", in);
        }
        Map<String, String> params = new TreeMap<>();
        for (int i = 0; i < paramCount; i++) {
            params.put(readBoundedString(in), readBoundedString(in));
        }

        IndexMethod method;
        Metric metric;
        VectorEncoding encoding;
        VectorSimilarityFunction similarity;
        try {
            method = IndexMethods.byId(methodId);
            metric = metricId == LUCENE_SIMILARITY_METRIC_ID ? null : Metrics.byId(metricId, metricParam);
            encoding = LuceneVectorIds.encoding(encodingId);
            similarity = LuceneVectorIds.similarity(similarityId);
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + info.name + "]: " + e.getMessage(), in, e);
        }
        if (methodVersion < method.minimumVersion() || methodVersion > method.version()) {
            throw new CorruptIndexException("field [" + info.name + "] was written with version [" + methodVersion + "] of index method ["
                + method.name() + "], this version reads [" + method.minimumVersion() + "] to [" + method.version() + "]", in);
        }
        if (dims != info.getVectorDimension()) {
            throw new CorruptIndexException(
                "field [" + info.name + "] has [" + dims + "] dims in the vicinity meta but [" + info.getVectorDimension() + "] in its field info",
                in
            );
        }
        if (encoding != info.getVectorEncoding() || similarity != info.getVectorSimilarityFunction()) {
            throw new CorruptIndexException(
                "field [" + info.name + "] has encoding [" + encoding + "] and similarity [" + similarity + "] in the vicinity meta but ["
                    + info.getVectorEncoding() + "] and [" + info.getVectorSimilarityFunction() + "] in its field info",
                in
            );
        }
        if (metric != null && encoding != VectorEncoding.FLOAT32) {
            throw new CorruptIndexException("field [" + info.name + "] has a vicinity metric but encoding [" + encoding + "]", in);
        }
        String attribute = info.getAttribute(VicinityFieldType.METHOD_KEY);
        if (attribute != null && attribute.equals(method.name()) == false) {
            throw new CorruptIndexException("field [" + info.name + "] is indexed with method [" + attribute + "] but its vicinity meta says ["
                + method.name() + "]", in);
        }
        if (method.buildsStructure() && metric == null) {
            throw new CorruptIndexException("field [" + info.name + "] uses index method [" + method.name() + "] without a vicinity metric", in);
        }
        return new Read(new FieldMeta(info, method, metric, encoding, similarity, dims, Map.copyOf(params)), methodVersion);
    }

    /** Lucene's string encoding (vint length, UTF-8 bytes), with the length bounded on both sides. */
    private static void writeBoundedString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PARAM_BYTES) {
            throw new IllegalArgumentException("method parameter [" + value + "] is longer than [" + MAX_PARAM_BYTES + "] bytes");
        }
        out.writeVInt(bytes.length);
        out.writeBytes(bytes, bytes.length);
    }

    private static String readBoundedString(IndexInput in) throws IOException {
        int length = in.readVInt();
        if (length < 0 || length > MAX_PARAM_BYTES) {
            throw new CorruptIndexException("invalid method parameter length [" + length + "]", in);
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
