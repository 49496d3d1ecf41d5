package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.util.Bits;

import java.io.IOException;

/**
 * The raw vectors of a Vicinity field, as Lucene's flat reader returns them, except that {@link #scorer} scores with
 * the field's metric.
 *
 * <p>Why: when a filter leaves few documents, {@code KnnFloatVectorQuery} does not call the codec's search but scores
 * the filtered documents itself through {@code getFloatVectorValues(field).scorer(target)}. Without this wrapper
 * that fallback would rank by the placeholder Lucene similarity and mix a second score formula into the results.
 */
final class MetricFloatVectorValues extends FloatVectorValues {

    private final FloatVectorValues in;
    private final Metric metric;

    MetricFloatVectorValues(FloatVectorValues in, Metric metric) {
        this.in = in;
        this.metric = metric;
    }

    @Override
    public float[] vectorValue(int ord) throws IOException {
        return in.vectorValue(ord);
    }

    @Override
    public int dimension() {
        return in.dimension();
    }

    @Override
    public int size() {
        return in.size();
    }

    @Override
    public int ordToDoc(int ord) {
        return in.ordToDoc(ord);
    }

    @Override
    public Bits getAcceptOrds(Bits acceptDocs) {
        return in.getAcceptOrds(acceptDocs);
    }

    @Override
    public DocIndexIterator iterator() {
        return in.iterator();
    }

    @Override
    public void prefetch(int[] ordsToPrefetch, int numOrds) throws IOException {
        in.prefetch(ordsToPrefetch, numOrds);
    }

    @Override
    public VectorEncoding getEncoding() {
        return in.getEncoding();
    }

    @Override
    public MetricFloatVectorValues copy() throws IOException {
        return new MetricFloatVectorValues(in.copy(), metric);
    }

    /**
     * A scorer over a private copy of the vectors, iterating the documents that have one. Its iterator is the flat
     * values' own {@link DocIndexIterator}: Lucene's kNN query needs one to seed a second search round.
     *
     * @return {@code null} when the segment has no vectors for the field, as Lucene's formats do
     */
    @Override
    public VectorScorer scorer(float[] target) throws IOException {
        MetricVectorScorer.checkDimensions(dimension(), target.length);
        if (size() == 0) {
            return null;
        }
        FloatVectorValues values = in.copy();
        DocIndexIterator iterator = values.iterator();
        MetricVectorScorer scorer = new MetricVectorScorer(values, metric, target);
        return new VectorScorer() {
            @Override
            public float score() throws IOException {
                return scorer.score(iterator.index());
            }

            @Override
            public DocIdSetIterator iterator() {
                return iterator;
            }

            @Override
            public Bulk bulk(DocIdSetIterator matchingDocs) {
                // The sparse variant maps docs to ordinals through iterator.index(), which is right for dense too.
                return Bulk.fromRandomScorerSparse(scorer, iterator, matchingDocs);
            }
        };
    }
}
