package dev.vicinity.search;

import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.metric.Metric;
import dev.vicinity.stats.CounterRegistry;

import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TimeLimitingKnnCollectorManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds the {@code k} nearest documents of a Vicinity field ({@link VicinityFieldType}) to a query vector, optionally
 * restricted by a filter and by a maximum distance.
 *
 * <p>Everything but the distance threshold is Lucene's kNN machinery, inherited from {@link KnnFloatVectorQuery}:
 * per segment the codec's search collects the top {@code k} under the accept docs (deletions plus the filter);
 * when the filter leaves at most about {@code k} documents in a segment, or the codec's search gives up at its
 * visit limit, Lucene scores the filtered documents itself through {@code FloatVectorValues#scorer}, which the
 * Vicinity codec makes score with the same metric and formula; the per-segment results are merged into the top
 * {@code k}. Scores are {@code metric.score(distance)}, positive and decreasing in the distance.
 *
 * <p>{@code maxDistance} (NearPy's distance threshold) keeps the hits whose distance is at most {@code maxDistance}.
 * It applies after the nearest-{@code k} stage, so it can only shorten the result. The distance of each of a
 * segment's (at most {@code k}) hits is recomputed from its vector rather than inverted from the float score, so the
 * cut is exact even where two distances round to the same score.
 *
 * <p>{@code exact} skips the index structure: every segment scores all its accepted documents (Lucene's exact
 * search through the same scorer). It gives the ground truth that evaluations compare approximate results with; for
 * the {@code exact} method it changes nothing.
 *
 * <p>Method query parameters (a {@link dev.vicinity.codec.MethodQuery}, for example {@code nndescent}'s
 * {@code epsilon}) travel as a {@link VicinitySearchStrategy}: Lucene hands the query's search strategy to every
 * per-segment collector, where the codec reads it. Without one, methods use their defaults.
 *
 * <p>Segments are collected as Lucene collects them (optimistically: each segment for its expected share of the top
 * {@code k} plus a margin, segments whose every hit made the top {@code k} searched again). A shared threshold across
 * segments ({@code MultiLeafKnnCollector}) was measured on MNIST in ten segments and lost at equal recall: it bounds
 * each segment's walk by the other segments' hits, so a walk cannot cross the sparser regions of its own segment
 * (1,860 to 2,577 queries/s at recall 0.977 against 2,736 to 2,969 at 0.973; 1,528 to 1,615 at 0.994 against 1,845 to
 * 1,910 at 0.996). The codec's searches honour whatever {@code minCompetitiveSimilarity} the collector reports.
 *
 * <p>The metric is a constructor argument because the caller (the mapper) knows it; every segment's field infos are
 * checked to record the same metric, so a query built for another metric fails loudly instead of mixing scales.
 */
public class VicinityKnnQuery extends KnnFloatVectorQuery {

    private final Metric metric;
    private final float maxDistance;
    private final boolean exact;
    /** The candidates measured by the rewrite in progress; see {@link #rewrite}. */
    private volatile LongAdder examined;

    /**
     * @param field a field indexed with {@link VicinityFieldType}
     * @param target the query vector, finite, with the field's number of dimensions
     * @param k how many nearest documents to return, at least 1
     * @param filter restricts the documents that may match, or {@code null}
     * @param metric the field's metric, as its mapping says
     * @param maxDistance hits farther than this are dropped; {@link Float#POSITIVE_INFINITY} for no threshold
     */
    public VicinityKnnQuery(String field, float[] target, int k, Query filter, Metric metric, float maxDistance) {
        this(field, target, k, filter, metric, maxDistance, false);
    }

    /**
     * As {@link #VicinityKnnQuery(String, float[], int, Query, Metric, float)}, and with {@code exact} every accepted
     * document of every segment is scored instead of searching the index structure.
     */
    public VicinityKnnQuery(String field, float[] target, int k, Query filter, Metric metric, float maxDistance, boolean exact) {
        this(field, target, k, filter, metric, maxDistance, exact, VicinitySearchStrategy.DEFAULT);
    }

    /**
     * As {@link #VicinityKnnQuery(String, float[], int, Query, Metric, float, boolean)}, with the method query
     * parameters in {@code strategy} (for example {@code nndescent}'s {@code epsilon}).
     */
    public VicinityKnnQuery(String field, float[] target, int k, Query filter, Metric metric, float maxDistance, boolean exact,
                            VicinitySearchStrategy strategy) {
        super(field, target, k, filter, Objects.requireNonNull(strategy, "strategy"));
        if (target.length == 0) {
            throw new IllegalArgumentException("the query vector of field [" + field + "] is empty");
        }
        this.exact = exact;
        this.metric = Objects.requireNonNull(metric, "metric");
        if (Float.isNaN(maxDistance)) {
            throw new IllegalArgumentException("[max_distance] must be a number but was [NaN]");
        }
        this.maxDistance = maxDistance;
    }

    /** A query without distance threshold. */
    public VicinityKnnQuery(String field, float[] target, int k, Query filter, Metric metric) {
        this(field, target, k, filter, metric, Float.POSITIVE_INFINITY);
    }

    /** The metric distances, scores and the threshold are computed with. */
    public Metric getMetric() {
        return metric;
    }

    /** The distance threshold; {@link Float#POSITIVE_INFINITY} when there is none. */
    public float getMaxDistance() {
        return maxDistance;
    }

    /** The method query parameters this query carries to the codec. */
    public VicinitySearchStrategy getVicinitySearchStrategy() {
        return (VicinitySearchStrategy) searchStrategy;
    }

    /** Whether every accepted document is scored (ground truth) instead of searching the index structure. */
    public boolean isExact() {
        return exact;
    }

    private boolean hasMaxDistance() {
        return maxDistance != Float.POSITIVE_INFINITY;
    }

    /**
     * Lucene's rewrite (every segment searched, the results merged into the top {@code k}), wrapped in
     * {@link VicinityKnnHits} with the candidates measured on the way: the sum of the segments' visited counts
     * (Lucene's per-segment total hits), second searches of Lucene's optimistic collection included. Elasticsearch
     * builds one query object per shard search, so one object is not rewritten by two searches at once.
     *
     * <p>A failure to read the index here (above all a {@link
     * org.apache.lucene.index.CorruptIndexException}) is rethrown as an {@link UncheckedIOException}: Elasticsearch
     * wraps an {@link IOException} from a rewrite in a 400 "rewrite failed", which is never retried on another copy
     * of the shard, whereas an unchecked one is a failure of the shard copy (5xx), retried on a replica, and a
     * corruption in its causes makes Elasticsearch fail the damaged copy.
     *
     * <p>A rewrite that completes counts as one search of the field in the index's {@link CounterRegistry}, with the
     * time it took (every segment searched, results merged).
     */
    @Override
    public Query rewrite(IndexSearcher searcher) {
        LongAdder counter = new LongAdder();
        examined = counter;
        long start = System.nanoTime();
        Query hits;
        try {
            hits = super.rewrite(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("[" + field + "]: failed to read the index: " + e.getMessage(), e);
        }
        CounterRegistry.searched(searcher.getIndexReader(), field, System.nanoTime() - start);
        return new VicinityKnnHits(hits, field, k, counter.sum());
    }

    @Override
    protected TopDocs searchLeaf(LeafReaderContext ctx, Weight filterWeight, TimeLimitingKnnCollectorManager collectorManager)
        throws IOException {
        FieldInfo fieldInfo = ctx.reader().getFieldInfos().fieldInfo(field);
        if (fieldInfo != null && fieldInfo.hasVectorValues()) {
            checkField(fieldInfo);
        }
        TopDocs topDocs = exact ? exactLeaf(ctx, filterWeight, collectorManager) : super.searchLeaf(ctx, filterWeight, collectorManager);
        LongAdder counter = examined;
        if (counter != null) {
            counter.add(topDocs.totalHits.value());
        }
        // Cut per segment, after Lucene chose between its search and its exact fallback (a shortened result must
        // not look like a failed search) and before the merge, which needs each segment's hits in score order.
        return hasMaxDistance() ? withinMaxDistance(ctx, topDocs) : topDocs;
    }

    /** Lucene's exact search over the segment's live documents that pass the filter, doc ids rebased like searchLeaf's. */
    private TopDocs exactLeaf(LeafReaderContext ctx, Weight filterWeight, TimeLimitingKnnCollectorManager collectorManager) throws IOException {
        LeafReader reader = ctx.reader();
        AcceptDocs acceptDocs = filterWeight == null
            ? AcceptDocs.fromLiveDocs(reader.getLiveDocs(), reader.maxDoc())
            : AcceptDocs.fromIteratorSupplier(() -> {
                Scorer scorer = filterWeight.scorer(ctx);
                return scorer == null ? DocIdSetIterator.empty() : scorer.iterator();
            }, reader.getLiveDocs(), reader.maxDoc());
        TopDocs results = exactSearch(ctx, acceptDocs.iterator(), collectorManager.getQueryTimeout());
        for (ScoreDoc scoreDoc : results.scoreDocs) {
            scoreDoc.doc += ctx.docBase;
        }
        return results;
    }

    private void checkField(FieldInfo fieldInfo) {
        if (VicinityFieldType.isVicinityField(fieldInfo) == false) {
            throw new IllegalArgumentException("field [" + field + "] is not a vicinity vector field");
        }
        if (fieldInfo.getVectorDimension() != target.length) {
            throw new IllegalArgumentException(
                "field [" + field + "] has [" + fieldInfo.getVectorDimension() + "] dims but the query vector has [" + target.length + "]"
            );
        }
        Metric indexed = VicinityFieldType.metricOf(fieldInfo);
        if (sameMetric(indexed, metric) == false) {
            throw new IllegalArgumentException(
                "field [" + field + "] is indexed with metric [" + describe(indexed) + "] but the query uses [" + describe(metric) + "]"
            );
        }
    }

    /** Hits of one segment (doc ids already rebased by {@code docBase}) whose exact distance is within the threshold. */
    private TopDocs withinMaxDistance(LeafReaderContext ctx, TopDocs topDocs) throws IOException {
        ScoreDoc[] hits = topDocs.scoreDocs;
        if (hits.length == 0) {
            return topDocs;
        }
        FloatVectorValues values = ctx.reader().getFloatVectorValues(field);
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        // Visit the hits in doc order so the vector iterator only moves forward.
        Integer[] byDoc = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) {
            byDoc[i] = i;
        }
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        boolean[] keep = new boolean[hits.length];
        int kept = 0;
        for (int i : byDoc) {
            int doc = hits[i].doc - ctx.docBase;
            if (iterator.docID() < doc) {
                iterator.advance(doc);
            }
            if (iterator.docID() != doc) {
                throw new IllegalStateException("hit [" + doc + "] of field [" + field + "] has no vector");
            }
            if (metric.distance(target, values.vectorValue(iterator.index())) <= maxDistance) {
                keep[i] = true;
                kept++;
            }
        }
        if (kept == hits.length) {
            return topDocs;
        }
        // Keep Lucene's order (score, then its tie-break) for TopDocs.merge.
        List<ScoreDoc> within = new ArrayList<>(kept);
        for (int i = 0; i < hits.length; i++) {
            if (keep[i]) {
                within.add(hits[i]);
            }
        }
        return new TopDocs(topDocs.totalHits, within.toArray(ScoreDoc[]::new));
    }

    @Override
    public void visit(QueryVisitor visitor) {
        super.visit(visitor);
        // The filter restricts matches like a bool query's filter clause does; let visitors see it as one.
        if (filter != null) {
            filter.visit(visitor.getSubVisitor(BooleanClause.Occur.FILTER, this));
        }
    }

    @Override
    public String toString(String field) {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(':')
            .append(this.field)
            .append('[')
            .append(target[0])
            .append(",...][")
            .append(k)
            .append("][metric=")
            .append(describe(metric))
            .append(']');
        if (hasMaxDistance()) {
            sb.append("[max_distance=").append(maxDistance).append(']');
        }
        if (exact) {
            sb.append("[exact]");
        }
        if (searchStrategy.equals(VicinitySearchStrategy.DEFAULT) == false) {
            sb.append('[').append(((VicinitySearchStrategy) searchStrategy).query()).append(']');
        }
        if (filter != null) {
            sb.append('[').append(filter).append(']');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (super.equals(o) == false) {
            return false;
        }
        VicinityKnnQuery that = (VicinityKnnQuery) o;
        return sameMetric(metric, that.metric) && Float.compare(maxDistance, that.maxDistance) == 0 && exact == that.exact;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hash(metric.id(), Float.floatToIntBits(metric.parameter()), maxDistance, exact);
    }

    /** Metrics are equal when they have the same permanent id and parameter; implementations need not override equals. */
    private static boolean sameMetric(Metric a, Metric b) {
        return a.id() == b.id() && Float.floatToIntBits(a.parameter()) == Float.floatToIntBits(b.parameter());
    }

    private static String describe(Metric m) {
        return Float.isNaN(m.parameter()) ? m.name() : m.name() + "(" + m.parameter() + ")";
    }
}
