package dev.vicinity.plugin.rest;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.IndexMethods;
import dev.vicinity.codec.QueryKnob;
import dev.vicinity.eval.EvaluationAccumulator;
import dev.vicinity.eval.KnobSearch;
import dev.vicinity.eval.Neighbors;
import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;
import dev.vicinity.plugin.rest.KnnSearches.Query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.admin.indices.mapping.get.GetFieldMappingsAction;
import org.elasticsearch.action.admin.indices.mapping.get.GetFieldMappingsRequest;
import org.elasticsearch.action.admin.indices.mapping.get.GetFieldMappingsResponse.FieldMappingMetadata;
import org.elasticsearch.client.internal.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One tuning: finds the field's method (from the mapping), its {@link QueryKnob}, the queries (sampled documents,
 * each left out of its own answers, or the vectors the user supplied), then the exact answers once, then measures
 * levels of the knob as {@link KnobSearch} asks, one approximate search per query and level, until it has the lowest
 * level that reaches the target recall, finds none, or spends its time budget. Searches run one at a time, each
 * profiled as {@link EvaluateRun}'s are, so times and candidate counts mean the same in both endpoints.
 */
final class TuneRun {

    /** The most levels measured: bracketing plus bisection need about a dozen on every knob. */
    static final int MAX_LEVELS = 16;

    /** A measured level: the query parameters it sets and what they gave. */
    record Point(double level, Map<String, Object> queryParams, EvaluationAccumulator.Summary summary) {}

    /** The outcome; {@code parameter} is null for a method with nothing to tune. */
    record Result(String field, String method, String parameter, double targetRecall, int k, boolean suppliedQueries, int queries,
                  boolean reached, Point chosen, List<Point> curve, boolean timedOut, long tookMillis) {}

    private final Client client;
    private final String index;
    private final TuneRequest request;
    private final ActionListener<Result> listener;
    private final long startNanos = System.nanoTime();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Point> curve = new ArrayList<>();
    private String method;
    private QueryKnob knob;
    private KnobSearch search;
    private List<Query> queries;
    private Neighbors[] exact;
    private long[] exactNanos;
    private boolean timedOut;

    TuneRun(Client client, String index, TuneRequest request, ActionListener<Result> listener) {
        this.client = client;
        this.index = index;
        this.request = request;
        this.listener = listener;
    }

    void start() {
        GetFieldMappingsRequest mappings = new GetFieldMappingsRequest().indices(index).fields(request.field());
        client.execute(GetFieldMappingsAction.INSTANCE, mappings, listener.delegateFailureAndWrap((l, response) -> {
            method = methodOf(response.mappings());
            IndexMethod indexMethod = IndexMethods.byName(method);
            knob = indexMethod.queryKnob();
            if (knob != null) {
                search = new KnobSearch(knob.min(), knob.start(), knob.max(), knob.integer(), request.targetRecall(), MAX_LEVELS);
            }
            if (request.queries() != null) {
                queries = request.queries().stream().map(v -> new Query(null, null, v)).toList();
                exact(0);
            } else {
                KnnSearches.sample(client, index, request.field(), request.sample(), request.seed(), TuneRequest.ENDPOINT,
                    l.delegateFailureAndWrap((l2, sampled) -> {
                        queries = sampled;
                        exact(0);
                    }));
            }
        }));
    }

    /** The field's method in every index the request names (they must agree); 400 when it is not a vicinity_vector. */
    private String methodOf(Map<String, Map<String, FieldMappingMetadata>> mappings) {
        String found = null;
        for (Map.Entry<String, Map<String, FieldMappingMetadata>> perIndex : mappings.entrySet()) {
            FieldMappingMetadata field = perIndex.getValue().get(request.field());
            if (field == null || field.sourceAsMap().isEmpty()) {
                continue;
            }
            Map<?, ?> definition = (Map<?, ?>) field.sourceAsMap().values().iterator().next();
            Object type = definition.get("type");
            if (VicinityVectorFieldMapper.CONTENT_TYPE.equals(type) == false) {
                throw error("field [" + request.field() + "] of index [" + perIndex.getKey() + "] is of type [" + type + "] but must be of type ["
                    + VicinityVectorFieldMapper.CONTENT_TYPE + "]");
            }
            Object methodObject = definition.get("method");
            String name = methodObject instanceof Map<?, ?> m && m.get("type") != null ? m.get("type").toString() : "exact";
            if (found != null && found.equals(name) == false) {
                throw error("field [" + request.field() + "] uses method [" + found + "] in one index and [" + name + "] in index ["
                    + perIndex.getKey() + "]: tune each index on its own");
            }
            found = name;
        }
        if (found == null) {
            throw error("index [" + index + "] has no field [" + request.field() + "]");
        }
        return found;
    }

    /** The exact answer of query {@code i}, then the next; then the first level. */
    private void exact(int i) {
        if (i == 0) {
            exact = new Neighbors[queries.size()];
            exactNanos = new long[queries.size()];
        }
        if (i == queries.size()) {
            nextLevel();
            return;
        }
        Query query = queries.get(i);
        long begin = System.nanoTime();
        client.search(KnnSearches.knn(index, request.field(), query, request.k(), true, Map.of(), request.filter()),
            listener.delegateFailureAndWrap((l, response) -> {
                exactNanos[i] = System.nanoTime() - begin;
                exact[i] = KnnSearches.neighbors(response, query, request.k(), ids);
                exact(i + 1);
            }));
    }

    private void nextLevel() {
        if (knob == null) {
            if (curve.isEmpty()) {
                measure(Double.NaN, Map.of(), 0, new EvaluationAccumulator(request.k()));
            } else {
                finish();
            }
            return;
        }
        OptionalDouble level = search.next();
        if (level.isEmpty()) {
            finish();
            return;
        }
        if (curve.isEmpty() == false && System.nanoTime() - startNanos > request.maxSeconds() * 1_000_000_000L) {
            timedOut = true;
            finish();
            return;
        }
        measure(level.getAsDouble(), knob.parameters(level.getAsDouble(), request.k()), 0, new EvaluationAccumulator(request.k()));
    }

    /** The approximate answer of query {@code i} at a level, then the next query; then the level is recorded. */
    private void measure(double level, Map<String, Object> params, int i, EvaluationAccumulator accumulator) {
        if (i == queries.size()) {
            EvaluationAccumulator.Summary summary = accumulator.summary();
            curve.add(new Point(level, params, summary));
            if (search != null) {
                search.record(level, summary.recall());
            }
            nextLevel();
            return;
        }
        Query query = queries.get(i);
        long begin = System.nanoTime();
        client.search(KnnSearches.knn(index, request.field(), query, request.k(), false, params, request.filter()),
            listener.delegateFailureAndWrap((l, response) -> {
                long nanos = System.nanoTime() - begin;
                accumulator.add(KnnSearches.neighbors(response, query, request.k(), ids), exact[i], nanos, exactNanos[i]);
                long examined = KnnSearches.candidatesExamined(response);
                if (examined >= 0) {
                    accumulator.examined(examined);
                }
                measure(level, params, i + 1, accumulator);
            }));
    }

    private void finish() {
        List<Point> byLevel = new ArrayList<>(curve);
        byLevel.sort(Comparator.comparingDouble(Point::level));
        Point chosen;
        boolean reached;
        if (search == null) {
            chosen = curve.get(0);
            reached = chosen.summary().recall() >= request.targetRecall();
        } else {
            double level = search.chosen();
            chosen = byLevel.stream().filter(p -> p.level() == level).findFirst().orElseThrow();
            reached = search.reached();
        }
        long tookMillis = (System.nanoTime() - startNanos) / 1_000_000;
        listener.onResponse(new Result(request.field(), method, knob == null ? null : knob.parameter(), request.targetRecall(), request.k(),
            request.queries() != null, queries.size(), reached, chosen, byLevel, timedOut, tookMillis));
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException("[" + TuneRequest.ENDPOINT + "] " + message);
    }
}
