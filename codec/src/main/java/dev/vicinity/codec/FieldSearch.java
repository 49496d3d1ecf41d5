package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.util.Bits;

/**
 * One search of one segment's field, as {@link MethodField#search} gets it from the generic reader: the query, the
 * method's parameters, how to measure and which ordinals may be returned, and where hits go.
 *
 * <p>Methods that gather candidates (trees, buckets) hand them to {@link #scoreCandidates}, which filters, measures
 * in bulk, counts visits and collects; methods that measure as they go (graph walks) use {@link #distances()},
 * {@link #accepts} and {@link #hits()} directly.
 */
public final class FieldSearch {

    private final float[] query;
    private final MethodQuery parameters;
    private final QueryDistance distances;
    private final FloatVectorValues vectors;
    private final Bits acceptOrds;
    private final HitCollector hits;
    private float[] scratch = new float[64];

    FieldSearch(float[] query, MethodQuery parameters, QueryDistance distances, FloatVectorValues vectors, Bits acceptOrds, HitCollector hits) {
        this.query = query;
        this.parameters = parameters;
        this.distances = distances;
        this.vectors = vectors;
        this.acceptOrds = acceptOrds;
        this.hits = hits;
    }

    /** The query vector (checked: finite, the field's dimensions). */
    public float[] query() {
        return query;
    }

    /** The method's query parameters; a method casts them to its own {@link MethodQuery} type. */
    public MethodQuery parameters() {
        return parameters;
    }

    /** Fast distances from the query by ordinal, one or many at a time, in place on the mapped vectors where possible. */
    public QueryDistance distances() {
        return distances;
    }

    /** The field's raw vectors of this segment (off-heap), private to this search. */
    public FloatVectorValues vectors() {
        return vectors;
    }

    /** The number of vectors in the segment. */
    public int size() {
        return vectors.size();
    }

    /** Whether ordinal {@code ord} may be returned (not deleted, accepted by the user's filter). */
    public boolean accepts(int ord) {
        return acceptOrds == null || acceptOrds.get(ord);
    }

    /** Whether every ordinal is accepted, so methods can skip the check. */
    public boolean acceptsAll() {
        return acceptOrds == null;
    }

    /** Where hits go. */
    public HitCollector hits() {
        return hits;
    }

    /**
     * Measures the accepted ordinals among {@code ords[0 .. count)} in bulk and offers them, within the visit budget.
     * Callers pass each ordinal at most once per search.
     *
     * @param ords candidate ordinals; reordered in place (rejected ones are dropped)
     * @return {@code false} when the visit budget ran out (the search must stop)
     */
    public boolean scoreCandidates(int[] ords, int count) {
        int accepted = 0;
        for (int i = 0; i < count; i++) {
            if (accepts(ords[i])) {
                ords[accepted++] = ords[i];
            }
        }
        long budget = hits.remainingVisits();
        boolean withinBudget = accepted <= budget;
        if (withinBudget == false) {
            accepted = (int) Math.max(0, budget);
        }
        if (scratch.length < accepted) {
            scratch = new float[Math.max(accepted, 2 * scratch.length)];
        }
        distances.fastDistances(ords, accepted, scratch);
        hits.visited(accepted);
        for (int i = 0; i < accepted; i++) {
            hits.collect(ords[i], scratch[i]);
        }
        return withinBudget;
    }
}
