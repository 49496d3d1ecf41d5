package dev.vicinity.plugin.rest;

import dev.vicinity.eval.Neighbors;
import dev.vicinity.plugin.fetch.VicinityDistanceFetchSubPhase;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;
import dev.vicinity.search.VicinityKnnHits;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.index.query.functionscore.ScoreFunctionBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.profile.ProfileResult;
import org.elasticsearch.search.profile.SearchProfileShardResult;
import org.elasticsearch.search.profile.query.QueryProfileShardResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The searches the evaluate and tune endpoints run, and how they read the answers: sampling documents of the index
 * as queries, one {@code vicinity_knn} search per query (profiled, so approximate and exact searches are timed alike
 * and the candidates each shard measured can be read), and the neighbours of an answer with their distances.
 */
final class KnnSearches {

    private KnnSearches() {}

    /**
     * A query: a document of the index (whose own hit is left out of its answers) or a vector the user supplied
     * ({@code index} and {@code id} null).
     */
    record Query(String index, String id, float[] vector) {
        boolean isDocument() {
            return id != null;
        }
    }

    /**
     * Samples {@code count} documents with a vector in {@code field} ({@code random_score} over {@code _seq_no} with
     * the seed). Vectors are read through {@code fields}: from {@code _source}, or from the index when {@code _source}
     * excludes them; an object path ({@code o.v}) resolves as searches resolve it.
     */
    static void sample(Client client, String index, String field, int count, long seed, String endpoint, ActionListener<List<Query>> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(count)
            .query(QueryBuilders.functionScoreQuery(QueryBuilders.matchAllQuery(), ScoreFunctionBuilders.randomFunction().seed(seed).setField("_seq_no")))
            .fetchSource(false)
            .fetchField(field);
        client.search(new SearchRequest(index).source(source), listener.delegateFailureAndWrap((l, response) -> {
            List<Query> queries = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                DocumentField vector = hit.field(field);
                if (vector != null && vector.getValues().isEmpty() == false) {
                    queries.add(new Query(hit.getIndex(), hit.getId(), floats(vector.getValues())));
                }
            }
            if (queries.isEmpty()) {
                throw new IllegalArgumentException("[" + endpoint + "] index [" + index + "] has no documents with field [" + field + "]");
            }
            l.onResponse(queries);
        }));
    }

    private static float[] floats(List<Object> values) {
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) values.get(i)).floatValue();
        }
        return vector;
    }

    /**
     * One {@code vicinity_knn} search for the query's {@code k} nearest ({@code k + 1} for a document, which is then
     * left out of its answer rather than filtered out, so the approximate search runs as a user's would), exact or
     * with the method's query parameters (which the field's method checks, answering 400 for what it does not take).
     */
    static SearchRequest knn(String index, String field, Query query, int k, boolean exact, Map<String, Object> params, QueryBuilder filter) {
        int asked = Math.min(query.isDocument() ? k + 1 : k, VicinityKnnQueryBuilder.MAX_K);
        VicinityKnnQueryBuilder knn = new VicinityKnnQueryBuilder(field, query.vector(), asked).exact(exact).filter(filter);
        if (exact == false) {
            for (Map.Entry<String, Object> param : params.entrySet()) {
                knn = knn.methodParameter(param.getKey(), param.getValue());
            }
        }
        // profiled alike, so the relative time compares like with like
        SearchSourceBuilder source = new SearchSourceBuilder().query(knn).size(asked).fetchSource(false).trackTotalHits(false).profile(true);
        return new SearchRequest(index).source(source);
    }

    /**
     * The hits other than the query document, at most {@code k} of them, with their distances; hits are numbered by
     * {@code (index, _id)} through {@code ids}, shared by all answers that are compared.
     */
    static Neighbors neighbors(SearchResponse response, Query self, int k, Map<String, Integer> ids) {
        List<SearchHit> hits = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            boolean isSelf = self.isDocument() && hit.getId().equals(self.id()) && hit.getIndex().equals(self.index());
            if (isSelf == false && hits.size() < k) {
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
}
