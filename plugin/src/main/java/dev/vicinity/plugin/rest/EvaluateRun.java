package dev.vicinity.plugin.rest;

import dev.vicinity.eval.EvaluationAccumulator;
import dev.vicinity.eval.Neighbors;
import dev.vicinity.plugin.fetch.VicinityDistanceFetchSubPhase;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;
import dev.vicinity.search.VicinityKnnHits;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.index.query.functionscore.ScoreFunctionBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.profile.ProfileResult;
import org.elasticsearch.search.profile.SearchProfileShardResult;
import org.elasticsearch.search.profile.query.QueryProfileShardResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation: samples documents of the index as queries, then for each runs the approximate {@code vicinity_knn}
 * search and the exact one ({@code exact: true}) for the {@code k + 1} nearest, one search at a time, drops the query
 * document itself from both answers (keeping at most {@code k} hits), and feeds both answers to an {@link EvaluationAccumulator}.
 *
 * <p>Sampling is a {@code function_score} {@code random_score} with the request's seed over {@code _seq_no}; sampled
 * documents without a vector in the field are skipped; vectors are read through {@code fields}, from
 * {@code _source} or, when it excludes them, from the index (so fewer queries may run). Hits are identified by {@code (index, _id)}; distances come from each hit's
 * {@code _vicinity_distance}, so both answers use the field's metric. Times are wall-clock times of whole search
 * requests as this node sees them (coordination included, alike for both), so they compare the two searches rather
 * than measure the engine alone. Both searches run with {@code profile}, whose output names the candidates each
 * shard's search measured ({@link VicinityKnnHits}): their sum over shards is the approximate search's
 * {@code candidates_examined}.
 */
final class EvaluateRun {

    private final Client client;
    private final String index;
    private final EvaluateRequest request;
    private final ActionListener<EvaluationAccumulator.Summary> listener;
    private final EvaluationAccumulator accumulator;
    private final Map<String, Integer> ids = new HashMap<>();
    private List<Sample> samples;

    private record Sample(String index, String id, float[] vector) {}

    EvaluateRun(Client client, String index, EvaluateRequest request, ActionListener<EvaluationAccumulator.Summary> listener) {
        this.client = client;
        this.index = index;
        this.request = request;
        this.listener = listener;
        this.accumulator = new EvaluationAccumulator(request.k());
    }

    void start() {
        SearchSourceBuilder source = new SearchSourceBuilder().size(request.queries())
            .query(QueryBuilders.functionScoreQuery(QueryBuilders.matchAllQuery(),
                ScoreFunctionBuilders.randomFunction().seed(request.seed()).setField("_seq_no")))
            // through [fields]: the vector from _source, or from the index when _source excludes it
            .fetchSource(false)
            .fetchField(request.field());
        client.search(new SearchRequest(index).source(source), listener.delegateFailureAndWrap((l, response) -> {
            samples = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                float[] vector = vectorOf(hit);
                if (vector != null) {
                    samples.add(new Sample(hit.getIndex(), hit.getId(), vector));
                }
            }
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("[_vicinity/evaluate] index [" + index + "] has no documents with field [" + request.field() + "]");
            }
            next(0);
        }));
    }

    private float[] vectorOf(SearchHit hit) {
        // [fields] resolves an object path (o.v) as searches do, whether _source holds {"o": {"v": ...}} or {"o.v": ...}
        DocumentField field = hit.field(request.field());
        if (field == null || field.getValues().isEmpty()) {
            return null;
        }
        List<Object> values = field.getValues();
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) values.get(i)).floatValue();
        }
        return vector;
    }

    /** Runs sample {@code i}: approximate search, then exact search, then the next sample. */
    private void next(int i) {
        if (i == samples.size()) {
            listener.onResponse(accumulator.summary());
            return;
        }
        Sample sample = samples.get(i);
        long approximateStart = System.nanoTime();
        client.search(knn(sample, false), listener.delegateFailureAndWrap((l1, approximateResponse) -> {
            long approximateNanos = System.nanoTime() - approximateStart;
            // Search responses are reference-counted and released when this callback returns: read the hits now.
            Neighbors approximate = neighbors(approximateResponse, sample);
            long examined = candidatesExamined(approximateResponse);
            long exactStart = System.nanoTime();
            client.search(knn(sample, true), l1.delegateFailureAndWrap((l2, exactResponse) -> {
                long exactNanos = System.nanoTime() - exactStart;
                accumulator.add(approximate, neighbors(exactResponse, sample), approximateNanos, exactNanos);
                if (examined >= 0) {
                    accumulator.examined(examined);
                }
                next(i + 1);
            }));
        }));
    }

    /**
     * The k+1 nearest: the query document itself is dropped from the answer afterwards (by index and id) rather than
     * by a must_not filter, so the approximate search runs exactly as a user's unfiltered search would.
     */
    private SearchRequest knn(Sample sample, boolean exact) {
        int k = Math.min(request.k() + 1, VicinityKnnQueryBuilder.MAX_K);
        VicinityKnnQueryBuilder query = new VicinityKnnQueryBuilder(request.field(), sample.vector(), k).exact(exact);
        if (exact == false) {
            // the field's method checks them when the query runs, and refuses what it does not take with a 400
            for (Map.Entry<String, Object> param : request.queryParams().entrySet()) {
                query = query.methodParameter(param.getKey(), param.getValue());
            }
        }
        // profiled alike, so the relative time compares like with like
        SearchSourceBuilder source = new SearchSourceBuilder().query(query).size(k).fetchSource(false).trackTotalHits(false).profile(true);
        return new SearchRequest(index).source(source);
    }

    /**
     * The candidates the search measured, summed over the shards' profiles ({@link VicinityKnnHits}' description), or
     * -1 when no shard reported one.
     */
    static long candidatesExamined(SearchResponse response) {
        long sum = -1;
        if (response.getSearchProfileShardResults() == null) {
            return sum;
        }
        for (SearchProfileShardResult shard : response.getSearchProfileShardResults().values()) {
            for (QueryProfileShardResult queries : shard.getQueryProfileResults()) {
                for (ProfileResult query : queries.getQueryResults()) {
                    long found = examinedIn(query);
                    if (found >= 0) {
                        sum = Math.max(sum, 0) + found;
                    }
                }
            }
        }
        return sum;
    }

    /** The count in the first {@link VicinityKnnHits} of this profile tree, depth first, or -1. */
    private static long examinedIn(ProfileResult result) {
        String marker = VicinityKnnHits.EXAMINED + "=";
        String description = result.getLuceneDescription();
        int at = description == null ? -1 : description.indexOf(marker);
        if (result.getQueryName().equals(VicinityKnnHits.class.getSimpleName()) && at >= 0) {
            int from = at + marker.length();
            int to = from;
            while (to < description.length() && Character.isDigit(description.charAt(to))) {
                to++;
            }
            return Long.parseLong(description.substring(from, to));
        }
        for (ProfileResult child : result.getProfiledChildren()) {
            long found = examinedIn(child);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    /** The hits other than the query document, at most k of them, with their distances. */
    private Neighbors neighbors(SearchResponse response, Sample self) {
        List<SearchHit> hits = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            if ((hit.getId().equals(self.id()) && hit.getIndex().equals(self.index())) == false && hits.size() < request.k()) {
                hits.add(hit);
            }
        }
        int[] hitIds = new int[hits.size()];
        float[] distances = new float[hits.size()];
        for (int i = 0; i < hitIds.length; i++) {
            SearchHit hit = hits.get(i);
            hitIds[i] = ids.computeIfAbsent(hit.getIndex() + "/" + hit.getId(), key -> ids.size());
            DocumentField distance = hit.getFields().get(VicinityDistanceFetchSubPhase.FIELD);
            if (distance == null) {
                throw new IllegalStateException("hit [" + hit.getId() + "] has no [" + VicinityDistanceFetchSubPhase.FIELD + "]");
            }
            distances[i] = ((Number) distance.getValue()).floatValue();
        }
        return new Neighbors(hitIds, distances);
    }
}
