package dev.vicinity.plugin.rest;

import dev.vicinity.eval.EvaluationAccumulator;
import dev.vicinity.eval.Neighbors;
import dev.vicinity.plugin.rest.KnnSearches.Query;
import dev.vicinity.search.VicinityKnnHits;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.client.internal.Client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation: samples documents of the index as queries ({@link KnnSearches#sample}), then for each runs the
 * approximate {@code vicinity_knn} search and the exact one ({@code exact: true}) for the {@code k + 1} nearest, one
 * search at a time, drops the query document itself from both answers (keeping at most {@code k} hits), and feeds
 * both answers to an {@link EvaluationAccumulator}.
 *
 * <p>Hits are identified by {@code (index, _id)}; distances come from each hit's {@code _vicinity_distance}, so both
 * answers use the field's metric. Times are wall-clock times of whole search requests as this node sees them
 * (coordination included, alike for both), so they compare the two searches rather than measure the engine alone.
 * Both searches run with {@code profile}, whose output names the candidates each shard's search measured
 * ({@link VicinityKnnHits}): their sum over shards is the approximate search's {@code candidates_examined}.
 */
final class EvaluateRun {

    static final String ENDPOINT = "_vicinity/evaluate";

    private final Client client;
    private final String index;
    private final EvaluateRequest request;
    private final ActionListener<EvaluationAccumulator.Summary> listener;
    private final EvaluationAccumulator accumulator;
    private final Map<String, Integer> ids = new HashMap<>();
    private List<Query> samples;

    EvaluateRun(Client client, String index, EvaluateRequest request, ActionListener<EvaluationAccumulator.Summary> listener) {
        this.client = client;
        this.index = index;
        this.request = request;
        this.listener = listener;
        this.accumulator = new EvaluationAccumulator(request.k());
    }

    void start() {
        KnnSearches.sample(client, index, request.field(), request.queries(), request.seed(), ENDPOINT, listener.delegateFailureAndWrap((l, queries) -> {
            samples = queries;
            next(0);
        }));
    }

    /** Runs sample {@code i}: approximate search, then exact search, then the next sample. */
    private void next(int i) {
        if (i == samples.size()) {
            listener.onResponse(accumulator.summary());
            return;
        }
        Query sample = samples.get(i);
        long approximateStart = System.nanoTime();
        client.search(KnnSearches.knn(index, request.field(), sample, request.k(), false, request.queryParams(), null),
            listener.delegateFailureAndWrap((l1, approximateResponse) -> {
                long approximateNanos = System.nanoTime() - approximateStart;
                // Search responses are reference-counted and released when this callback returns: read the hits now.
                Neighbors approximate = KnnSearches.neighbors(approximateResponse, sample, request.k(), ids);
                long examined = KnnSearches.candidatesExamined(approximateResponse);
                long exactStart = System.nanoTime();
                client.search(KnnSearches.knn(index, request.field(), sample, request.k(), true, Map.of(), null),
                    l1.delegateFailureAndWrap((l2, exactResponse) -> {
                        long exactNanos = System.nanoTime() - exactStart;
                        accumulator.add(approximate, KnnSearches.neighbors(exactResponse, sample, request.k(), ids), approximateNanos, exactNanos);
                        if (examined >= 0) {
                            accumulator.examined(examined);
                        }
                        next(i + 1);
                    }));
            }));
    }
}
