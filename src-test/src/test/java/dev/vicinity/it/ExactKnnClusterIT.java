package dev.vicinity.it;

import dev.vicinity.it.NeighbourOracle.Hit;
import dev.vicinity.it.NeighbourOracle.Neighbour;
import dev.vicinity.plugin.VicinityPlugin;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import org.elasticsearch.action.admin.indices.segments.IndexShardSegments;
import org.elasticsearch.action.admin.indices.segments.IndicesSegmentResponse;
import org.elasticsearch.action.admin.indices.segments.ShardSegments;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.search.SearchRequestBuilder;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.routing.IndexShardRoutingTable;
import org.elasticsearch.cluster.routing.ShardRouting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailures;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * Exact {@code vicinity_knn} search on a real multi-node cluster: three data nodes, three shards with one replica
 * each, several segments per shard copy, deletions, re-indexed and updated documents, never force-merged. Every
 * search over the optdigits data set must return exactly what a double-precision brute force over the live
 * documents returns (by distance: only equally distant documents may be swapped), with and without filters and
 * distance thresholds, and every copy of a shard (primary or replica, each with its own segments) must answer the
 * same. The index is built once for the suite; queries are a random sample of optdigits' queries per test.
 */
@ESIntegTestCase.SuiteScopeTestCase
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class ExactKnnClusterIT extends ESIntegTestCase {

    private static final String INDEX = "digits";
    private static final String FIELD = "vec";
    /**
     * The same vectors in an {@code nndescent} field whose {@code exact_below} is under the segment sizes here (about
     * 210 vectors each), so its searches walk graphs: the approximate path over the same shards, copies, segments,
     * deletions and updates.
     */
    private static final String GRAPH = "graph";
    private static final int SHARDS = 3;
    private static final int SAMPLE = 50;
    /** A lost shard response must fail the test, not hang it. */
    private static final TimeValue SEARCH_TIMEOUT = TimeValue.timeValueSeconds(60);

    private static float[][] base;
    private static float[][] queries;
    /** The model of the index: live document id to its current vector, row and parity. */
    private static Map<String, float[]> live;
    private static Map<String, Integer> rowOf;
    /** Ids that were updated to a new vector; their old vector must never be found again. */
    private static Set<String> updated;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(VicinityPlugin.class);
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        base = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "base.fvecs.gz");
        queries = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "query.fvecs.gz");
        assertOracleAgreesWithGroundTruth(base);

        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder()
                .put("index.number_of_shards", SHARDS)
                .put("index.number_of_replicas", 1)
                .put("index.codec", "Vicinity104")
                // segments come from the explicit refreshes below, never from a timer
                .put("index.refresh_interval", -1))
            .setMapping(XContentFactory.jsonBuilder().startObject().startObject("properties")
                .startObject(FIELD).field("type", "vicinity_vector").field("dims", NeighbourOracle.OPTDIGITS_DIMS)
                    .field("metric", "euclidean").startObject("method").field("type", "exact").endObject().endObject()
                .startObject(GRAPH).field("type", "vicinity_vector").field("dims", NeighbourOracle.OPTDIGITS_DIMS).field("metric", "euclidean")
                    .startObject("method").field("type", "nndescent").field("n_neighbors", 15).field("exact_below", 100).endObject().endObject()
                .startObject("row").field("type", "integer").endObject()
                .startObject("parity").field("type", "keyword").endObject()
                .endObject().endObject()));
        ensureGreen(INDEX);

        live = new HashMap<>();
        rowOf = new HashMap<>();
        updated = new HashSet<>();
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < base.length; row++) {
            rows.add(row);
        }
        Collections.shuffle(rows, random());
        // Several batches, each made searchable by a refresh: several segments per shard copy.
        int batches = 6;
        for (int b = 0; b < batches; b++) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int i = b * rows.size() / batches; i < (b + 1) * rows.size() / batches; i++) {
                int row = rows.get(i);
                bulk.add(prepareIndex(INDEX).setId(id(row)).setSource(source(base[row], row)));
                live.put(id(row), base[row]);
                rowOf.put(id(row), row);
            }
            assertNoBulkFailures(bulk.get());
            refresh(INDEX);
        }

        // Deletions spread over every segment, a few of them brought back with their old vector.
        Collections.shuffle(rows, random());
        List<Integer> deleted = rows.subList(0, 300);
        BulkRequestBuilder deletes = client().prepareBulk();
        for (int row : deleted) {
            deletes.add(client().prepareDelete(INDEX, id(row)));
            live.remove(id(row));
        }
        assertNoBulkFailures(deletes.get());
        refresh(INDEX);
        BulkRequestBuilder restores = client().prepareBulk();
        for (int row : deleted.subList(0, 60)) {
            restores.add(prepareIndex(INDEX).setId(id(row)).setSource(source(base[row], row)));
            live.put(id(row), base[row]);
        }
        // Updates in place: the new vector is close to the old one, which must be gone from its old segment.
        for (int row : rows.subList(300, 450)) {
            float[] moved = base[row].clone();
            moved[random().nextInt(moved.length)] += 0.5f;
            restores.add(prepareIndex(INDEX).setId(id(row)).setSource(source(moved, row)));
            live.put(id(row), moved);
            updated.add(id(row));
        }
        assertNoBulkFailures(restores.get());
        refresh(INDEX);

        assertThat(live.size(), equalTo(base.length - 240));
        assertHitCountOf(live.size());
        assertSeveralSegmentsPerShardCopy();
    }

    private static String id(int row) {
        return Integer.toString(row);
    }

    private static XContentBuilder source(float[] vector, int row) throws IOException {
        return XContentFactory.jsonBuilder().startObject()
            .array(FIELD, vector)
            .array(GRAPH, vector)
            .field("row", row)
            .field("parity", row % 2 == 0 ? "even" : "odd")
            .endObject();
    }

    private static void assertNoBulkFailures(BulkResponse response) {
        assertFalse(response.buildFailureMessage(), response.hasFailures());
    }

    private void assertHitCountOf(long expected) {
        withResponse(prepareSearch(INDEX).setSize(0).setTrackTotalHits(true),
            r -> assertThat(r.getHits().getTotalHits().value(), equalTo(expected)));
    }

    /** The test's premise: every copy of every shard has several segments, and deletions, never merged away. */
    private void assertSeveralSegmentsPerShardCopy() {
        IndicesSegmentResponse segments = indicesAdmin().prepareSegments(INDEX).get();
        int copies = 0;
        for (IndexShardSegments shard : segments.getIndices().get(INDEX)) {
            for (ShardSegments copy : shard) {
                copies++;
                assertThat("search segments of " + copy.getShardRouting(), copy.getNumberOfSearch(), greaterThanOrEqualTo(3));
                long deletedDocs = copy.getSegments().stream().mapToLong(s -> s.getDeletedDocs()).sum();
                assertThat("deleted docs in " + copy.getShardRouting(), deletedDocs, greaterThanOrEqualTo(1L));
            }
        }
        assertThat(copies, equalTo(SHARDS * 2));
    }

    /**
     * The oracle itself, checked once against the data set's published ground truth (double-precision brute force
     * by its authors): over the full base, the distances of the true top 10 agree.
     */
    private static void assertOracleAgreesWithGroundTruth(float[][] base) {
        int[][] truth = NeighbourOracle.ints(NeighbourOracle.OPTDIGITS, "groundtruth.ivecs.gz");
        float[][] truthDistances = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "groundtruth_distances.fvecs.gz");
        Map<String, float[]> all = new HashMap<>();
        for (int row = 0; row < base.length; row++) {
            all.put(id(row), base[row]);
        }
        for (int q = 0; q < 20; q++) {
            List<Neighbour> ranked = NeighbourOracle.ranked(queries[q], all, id -> true);
            for (int i = 0; i < 10; i++) {
                assertEquals("query [" + q + "] rank [" + i + "]", truthDistances[q][i], ranked.get(i).distance(), 1e-4);
                assertEquals("query [" + q + "] rank [" + i + "]", truthDistances[q][i],
                    NeighbourOracle.euclidean(queries[q], base[truth[q][i]]), 1e-4);
            }
        }
    }

    private int[] sampleQueries() {
        return random().ints(0, queries.length).distinct().limit(SAMPLE).toArray();
    }

    private static List<Hit> hits(SearchResponse response) {
        List<Hit> hits = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            hits.add(new Hit(hit.getId(), hit.getScore()));
        }
        return hits;
    }

    private List<Hit> search(Client client, VicinityKnnQueryBuilder query, int size, String preference) {
        SearchRequestBuilder request = client.prepareSearch(INDEX).setQuery(query).setSize(size);
        if (preference != null) {
            request.setPreference(preference);
        }
        List<Hit> result = new ArrayList<>();
        withResponse(request, r -> {
            assertThat("shards searched", r.getSuccessfulShards(), equalTo(preference == null ? SHARDS : r.getTotalShards()));
            result.addAll(hits(r));
        });
        return result;
    }

    /** Like {@code assertNoFailuresAndResponse}, but a lost shard response fails the test instead of hanging it. */
    private static void withResponse(SearchRequestBuilder request, Consumer<SearchResponse> consumer) {
        SearchResponse r = request.get(SEARCH_TIMEOUT);
        try {
            assertNoFailures(r);
            consumer.accept(r);
        } finally {
            r.decRef();
        }
    }

    public void testTopTenIsExactOverShardsSegmentsAndDeletions() {
        for (int q : sampleQueries()) {
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, queries[q], 10), 10, null);
            NeighbourOracle.assertExactTopK("query [" + q + "]", hits, NeighbourOracle.ranked(queries[q], live, id -> true), 10);
        }
    }

    /**
     * The graphed field over three shards with replicas, several graphed segments per copy, deletions and updates:
     * recall@10 against the brute force over the live documents, and never a deleted or stale document. Measured
     * 0.998 at epsilon 0.1 (the sample of 50 queries depends on the test seed); floor 0.97.
     */
    public void testGraphedFieldKeepsRecallOverShardsSegmentsAndDeletions() {
        long found = 0;
        int expected = 0;
        for (int q : sampleQueries()) {
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(GRAPH, queries[q], 10).methodParameter("epsilon", 0.1), 10, null);
            assertThat("query [" + q + "]: k hits", hits.size(), equalTo(10));
            Set<String> truth = new HashSet<>();
            for (Neighbour n : NeighbourOracle.ranked(queries[q], live, id -> true).subList(0, 10)) {
                truth.add(n.id());
            }
            Set<String> seen = new HashSet<>();
            for (Hit hit : hits) {
                assertTrue("query [" + q + "]: deleted document [" + hit.id() + "] returned", live.containsKey(hit.id()));
                assertTrue("query [" + q + "]: duplicate hit [" + hit.id() + "]", seen.add(hit.id()));
                found += truth.contains(hit.id()) ? 1 : 0;
            }
            expected += 10;
        }
        double recall = found / (double) expected;
        logger.info("graphed field over the cluster: recall@10 {} at epsilon 0.1", recall);
        assertThat("recall@10 at epsilon 0.1", recall, greaterThanOrEqualTo(0.97));
    }

    /**
     * {@code k} is per shard: with {@code k} = 5 and three shards a search returns up to 15 hits, whose first 5 are
     * the global nearest 5, and all of them are the union of each shard's exact top 5.
     */
    public void testKIsPerShardAndTheMergeKeepsTheGlobalNearest() {
        Map<String, Integer> shardOf = shardOfEveryDocument();
        for (int q : Arrays.copyOf(sampleQueries(), 15)) {
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, queries[q], 5), 100, null);
            assertThat("query [" + q + "]: up to k hits from each shard", hits.size(), equalTo(5 * SHARDS));
            NeighbourOracle.assertExactTopK("query [" + q + "], first five", hits.subList(0, 5),
                NeighbourOracle.ranked(queries[q], live, id -> true), 5);
            for (int shard = 0; shard < SHARDS; shard++) {
                int s = shard;
                List<Hit> ofShard = hits.stream().filter(h -> shardOf.get(h.id()) == s).toList();
                NeighbourOracle.assertExactTopK("query [" + q + "], shard [" + s + "]", ofShard,
                    NeighbourOracle.ranked(queries[q], live, id -> shardOf.get(id) == s), 5);
            }
        }
    }

    public void testFilterIsAppliedBeforeTopK() {
        int[] sample = sampleQueries();
        for (int i = 0; i < sample.length; i++) {
            int q = sample[i];
            int from = random().nextInt(3000);
            int to = from + switch (i % 4) {
                case 0 -> 6; // fewer than k documents in the whole index: Lucene's exact fallback per segment
                case 1 -> 40; // about k per shard
                default -> 300 + random().nextInt(1500);
            };
            QueryBuilder filter;
            Predicate<String> accepts;
            switch (i % 3) {
                case 0 -> {
                    filter = QueryBuilders.rangeQuery("row").gte(from).lt(to);
                    accepts = id -> rowOf.get(id) >= from && rowOf.get(id) < to;
                }
                case 1 -> {
                    String parity = random().nextBoolean() ? "even" : "odd";
                    filter = QueryBuilders.termQuery("parity", parity);
                    accepts = id -> (rowOf.get(id) % 2 == 0) == parity.equals("even");
                }
                default -> {
                    filter = new BoolQueryBuilder().filter(QueryBuilders.termQuery("parity", "odd"))
                        .mustNot(QueryBuilders.rangeQuery("row").gte(from).lt(to));
                    accepts = id -> rowOf.get(id) % 2 == 1 && (rowOf.get(id) < from || rowOf.get(id) >= to);
                }
            }
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, queries[q], 10).filter(filter), 10, null);
            List<Neighbour> ranked = NeighbourOracle.ranked(queries[q], live, accepts);
            assertThat("the filter [" + filter + "] must accept something", ranked.size(), greaterThanOrEqualTo(1));
            NeighbourOracle.assertExactTopK("query [" + q + "] filter " + filter, hits, ranked, 10);
        }
    }

    /**
     * {@code max_distance} keeps exactly the hits at most that far (inclusive): cut between two distances, exactly on
     * a distance (equally distant documents all stay), below the nearest (nothing), and beyond the k-th (no effect).
     */
    public void testMaxDistanceKeepsExactlyTheHitsWithinIt() {
        for (int q : Arrays.copyOf(sampleQueries(), 20)) {
            List<Neighbour> ranked = NeighbourOracle.ranked(queries[q], live, id -> true);
            int j = 3 + random().nextInt(20);
            float between = (float) ((ranked.get(j).distance() + ranked.get(j + 1).distance()) / 2);
            float onADistance = (float) ranked.get(j).distance();
            float belowNearest = (float) (ranked.get(0).distance() / 2);
            for (float threshold : new float[] { between, onADistance, belowNearest }) {
                // k large enough per shard that only the threshold cuts
                List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, queries[q], 100).maxDistance(threshold), 300, null);
                // the codec compares float distances: sqrt of an exact float sum, as (float) of the double root here
                List<Neighbour> within = ranked.stream().filter(n -> (float) n.distance() <= threshold).toList();
                assertThat("query [" + q + "] needs fewer documents within than k", within.size(), lessThan(100));
                NeighbourOracle.assertExactTopK("query [" + q + "] max_distance [" + threshold + "]", hits, within, Integer.MAX_VALUE);
            }
            float beyond = (float) (ranked.get(40).distance());
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, queries[q], 10).maxDistance(beyond), 10, null);
            NeighbourOracle.assertExactTopK("query [" + q + "] max_distance [" + beyond + "] beyond the 10th", hits, ranked, 10);
        }
    }

    /**
     * An updated document is found at its new vector only: its old version, still in an older segment, must be
     * deleted there (a stale hit would show up at distance 0 from the old vector, or twice).
     */
    public void testUpdatedDocumentsAreFoundAtTheirNewVectorOnly() {
        List<String> sample = new ArrayList<>(updated);
        Collections.sort(sample);
        Collections.shuffle(sample, random());
        for (String id : sample.subList(0, 20)) {
            float[] current = live.get(id);
            List<Hit> hits = search(client(), new VicinityKnnQueryBuilder(FIELD, current, 3), 3, null);
            NeighbourOracle.assertExactTopK("the new vector of [" + id + "]", hits, NeighbourOracle.ranked(current, live, d -> true), 3);
            float[] old = base[rowOf.get(id)];
            hits = search(client(), new VicinityKnnQueryBuilder(FIELD, old, 3), 3, null);
            NeighbourOracle.assertExactTopK("the old vector of [" + id + "]", hits, NeighbourOracle.ranked(old, live, d -> true), 3);
        }
    }

    /**
     * Each copy of each shard (a primary and its replica, on different nodes, with segments of their own) answers
     * exactly, and both answer the same: searched through the node holding the copy with {@code _only_local}.
     */
    public void testPrimaryAndReplicaAnswerTheSame() {
        Map<String, Integer> shardOf = shardOfEveryDocument();
        ClusterState state = clusterAdmin().prepareState(TEST_REQUEST_TIMEOUT).get().getState();
        int[] sample = Arrays.copyOf(sampleQueries(), 15);
        for (int shard = 0; shard < SHARDS; shard++) {
            IndexShardRoutingTable copies = state.routingTable().index(INDEX).shard(shard);
            assertThat(copies.size(), equalTo(2));
            int s = shard;
            for (int q : sample) {
                Map<Boolean, List<Hit>> byPrimary = new HashMap<>();
                for (int c = 0; c < copies.size(); c++) {
                    ShardRouting copy = copies.shard(c);
                    String node = state.nodes().get(copy.currentNodeId()).getName();
                    VicinityKnnQueryBuilder query = new VicinityKnnQueryBuilder(FIELD, queries[q], 10)
                        .filter(QueryBuilders.termQuery("parity", q % 2 == 0 ? "even" : "odd"));
                    List<Hit> hits = new ArrayList<>();
                    withResponse(client(node).prepareSearch(INDEX).setQuery(query).setSize(10)
                        .setPreference("_shards:" + shard + "|_only_local"), r -> {
                            assertThat(r.getTotalShards(), equalTo(1));
                            for (SearchHit hit : r.getHits().getHits()) {
                                assertThat("answered by the copy on " + node, hit.getShard().getNodeId(), equalTo(copy.currentNodeId()));
                                assertThat(hit.getShard().getShardId().id(), equalTo(s));
                            }
                            hits.addAll(hits(r));
                        });
                    String parity = q % 2 == 0 ? "even" : "odd";
                    NeighbourOracle.assertExactTopK("query [" + q + "] on " + copy, hits,
                        NeighbourOracle.ranked(queries[q], live, id -> shardOf.get(id) == s
                            && (rowOf.get(id) % 2 == 0) == parity.equals("even")), 10);
                    byPrimary.put(copy.primary(), hits);
                }
                List<Float> primaryScores = byPrimary.get(true).stream().map(Hit::score).toList();
                List<Float> replicaScores = byPrimary.get(false).stream().map(Hit::score).toList();
                assertEquals("query [" + q + "] shard [" + shard + "]: primary and replica scores", primaryScores, replicaScores);
            }
        }
    }

    /** The shard each live document lives on, as the search layer reports it. */
    private Map<String, Integer> shardOfEveryDocument() {
        Map<String, Integer> shardOf = new HashMap<>();
        withResponse(prepareSearch(INDEX).setSize(live.size()).setQuery(QueryBuilders.matchAllQuery()), r -> {
            for (SearchHit hit : r.getHits().getHits()) {
                shardOf.put(hit.getId(), hit.getShard().getShardId().id());
            }
        });
        assertThat(shardOf.keySet(), equalTo(live.keySet()));
        assertThat(new HashSet<>(shardOf.values()), equalTo(Set.of(0, 1, 2)));
        return shardOf;
    }
}
