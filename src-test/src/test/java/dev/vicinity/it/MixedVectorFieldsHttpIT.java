package dev.vicinity.it;

import dev.vicinity.it.HttpJsonSupport.Reply;
import dev.vicinity.it.NeighbourOracle.Hit;
import dev.vicinity.it.NeighbourOracle.Neighbour;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityVectorsFormat;

import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.lucene.Lucene;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.engine.Engine;
import org.elasticsearch.index.shard.IndexShard;
import org.elasticsearch.indices.IndicesService;
import org.elasticsearch.test.ESIntegTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.vicinity.it.HttpJsonSupport.badRequest;
import static dev.vicinity.it.HttpJsonSupport.count;
import static dev.vicinity.it.HttpJsonSupport.ok;
import static dev.vicinity.it.HttpJsonSupport.vectorJson;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * One index, two vector fields holding the same optdigits vectors, over real HTTP: Elasticsearch's own
 * {@code dense_vector} (HNSW, l2_norm), which the Vicinity codec must hand to Lucene's HNSW format, keeps answering
 * Elasticsearch's top-level {@code knn} search with its own scores and a good recall, while {@code vicinity_knn} on
 * the {@code vicinity_vector} field answers exactly. Also the query by reference to a stored document, with and
 * without the document itself. The index is built once for the suite.
 */
@ESIntegTestCase.SuiteScopeTestCase
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class MixedVectorFieldsHttpIT extends VicinityHttpTestCase {

    private static final String INDEX = "mixed";

    private static float[][] base;
    private static float[][] queries;
    private static Map<String, float[]> docs;

    private static RestClient http() {
        return suiteHttp();
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        base = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "base.fvecs.gz");
        queries = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "query.fvecs.gz");
        docs = new HashMap<>();
        for (int row = 0; row < base.length; row++) {
            docs.put(Integer.toString(row), base[row]);
        }
        ok(http(), "PUT", "/" + INDEX, """
            {"settings": {"index.codec": "Vicinity104", "number_of_shards": 2, "number_of_replicas": 1, "refresh_interval": -1},
             "mappings": {"properties": {
                "vv":     {"type": "vicinity_vector", "dims": 64, "metric": "euclidean"},
                "dv":     {"type": "dense_vector", "dims": 64, "similarity": "l2_norm", "index": true,
                           "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100}},
                "parity": {"type": "keyword"}}}}""");
        ensureGreen(INDEX);
        int batches = 4;
        for (int b = 0; b < batches; b++) {
            StringBuilder bulk = new StringBuilder();
            for (int row = b * base.length / batches; row < (b + 1) * base.length / batches; row++) {
                String vector = vectorJson(base[row]);
                bulk.append("{\"index\": {\"_id\": \"").append(row).append("\"}}\n")
                    .append("{\"vv\": ").append(vector).append(", \"dv\": ").append(vector)
                    .append(", \"parity\": \"").append(row % 2 == 0 ? "even" : "odd").append("\"}\n");
            }
            Reply reply = ok(http(), "POST", "/" + INDEX + "/_bulk?refresh=true", bulk.toString());
            assertThat(reply.body(), reply.<Object>at("errors"), equalTo(false));
        }
        assertThat(count(http(), INDEX), equalTo((long) base.length));

        // A second index holding one document whose id also exists in the first, with that document's vector.
        ok(http(), "PUT", "/probe", """
            {"settings": {"index.codec": "Vicinity104", "number_of_shards": 1, "number_of_replicas": 0},
             "mappings": {"properties": {"vv": {"type": "vicinity_vector", "dims": 64}}}}""");
        ok(http(), "PUT", "/probe/_doc/5?refresh=true", "{\"vv\": " + vectorJson(base[5]) + "}");
    }

    private static List<Hit> hits(Reply reply) {
        List<Map<String, Object>> hits = reply.at("hits", "hits");
        List<Hit> result = new ArrayList<>();
        for (Map<String, Object> hit : hits) {
            result.add(new Hit((String) hit.get("_id"), ((Number) hit.get("_score")).floatValue()));
        }
        return result;
    }

    private static List<Hit> vicinityKnn(String knn, int size) {
        return hits(ok(http(), "POST", "/" + INDEX + "/_search", "{\"size\": " + size + ", \"_source\": false, \"query\": {\"vicinity_knn\": " + knn + "}}"));
    }

    private int[] sampleQueries(int n) {
        return random().ints(0, queries.length).distinct().limit(n).toArray();
    }

    public void testDenseVectorKnnWorksNextToAVicinityField() {
        int[] sample = sampleQueries(30);
        double recallSum = 0;
        for (int q : sample) {
            List<Neighbour> ranked = NeighbourOracle.ranked(queries[q], docs, id -> true);
            double tenth = ranked.get(9).distance();

            List<Hit> esHits = hits(ok(http(), "POST", "/" + INDEX + "/_search", "{\"size\": 10, \"_source\": false, \"knn\": "
                + "{\"field\": \"dv\", \"query_vector\": " + vectorJson(queries[q]) + ", \"k\": 10, \"num_candidates\": 100}}"));
            assertThat("query [" + q + "]", esHits.size(), equalTo(10));
            int found = 0;
            for (Hit hit : esHits) {
                double distance = NeighbourOracle.euclidean(queries[q], docs.get(hit.id()));
                // Elasticsearch's l2_norm score, so the field was indexed and searched with its own similarity
                double expectedScore = 1 / (1 + distance * distance);
                assertEquals("ES score of [" + hit.id() + "] for query [" + q + "]", expectedScore, hit.score(), expectedScore * 1e-5);
                if (distance <= tenth) {
                    found++;
                }
            }
            recallSum += found / 10.0;

            List<Hit> vicinityHits = vicinityKnn("{\"field\": \"vv\", \"vector\": " + vectorJson(queries[q]) + ", \"k\": 10}", 10);
            NeighbourOracle.assertExactTopK("vicinity_knn, query [" + q + "]", vicinityHits, ranked, 10);
        }
        double recall = recallSum / sample.length;
        logger.info("dense_vector HNSW recall@10 next to a vicinity_vector field: {}", recall);
        assertThat("recall@10 of Elasticsearch's knn on the dense_vector field", recall, greaterThanOrEqualTo(0.9));
    }

    /**
     * Inside every segment of every shard copy: the codec is Vicinity's, the {@code vicinity_vector} field went to the
     * Vicinity format and the {@code dense_vector} field to Lucene's HNSW format, so ES's knn above really searched a
     * graph rather than scanning vectors.
     */
    public void testEachFieldIsWrittenByItsOwnFormat() throws IOException {
        int segments = 0;
        for (IndicesService indices : internalCluster().getInstances(IndicesService.class)) {
            IndexService index = indices.indexService(resolveIndex(INDEX));
            if (index == null) {
                continue;
            }
            for (IndexShard shard : index) {
                try (Engine.Searcher searcher = shard.acquireSearcher("test")) {
                    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                        segments++;
                        SegmentReader segment = Lucene.segmentReader(leaf.reader());
                        assertThat(segment.getSegmentInfo().info.getCodec().getName(), equalTo(VicinityCodec.NAME));
                        FieldInfos fields = segment.getFieldInfos();
                        assertThat(fields.fieldInfo("vv").getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY),
                            equalTo(VicinityVectorsFormat.NAME));
                        assertThat(fields.fieldInfo("dv").getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY),
                            equalTo("Lucene99HnswVectorsFormat"));
                    }
                }
            }
        }
        assertThat("segments of 2 shards x 2 copies", segments, greaterThanOrEqualTo(4));
    }

    public void testEachQueryRefusesTheOtherFieldType() {
        String vector = vectorJson(queries[0]);
        badRequest(http(), "POST", "/" + INDEX + "/_search", "{\"query\": {\"vicinity_knn\": {\"field\": \"dv\", \"vector\": " + vector + "}}}",
            "[dv]", "[dense_vector]", "[vicinity_vector]");
        // Elasticsearch's knn on a vicinity_vector field points to vicinity_knn: the knn section, a knn query at the top
        // and one inside compound queries, through an alias too
        String pointer = "[knn] field [vv] of index [" + INDEX + "] is of type [vicinity_vector]: search it with the [vicinity_knn] query";
        badRequest(http(), "POST", "/" + INDEX + "/_search",
            "{\"knn\": {\"field\": \"vv\", \"query_vector\": " + vector + ", \"k\": 10, \"num_candidates\": 10}}", pointer);
        badRequest(http(), "POST", "/" + INDEX + "/_search",
            "{\"query\": {\"knn\": {\"field\": \"vv\", \"query_vector\": " + vector + ", \"k\": 10}}}", pointer);
        badRequest(http(), "POST", "/" + INDEX + "/_search", "{\"query\": {\"bool\": {\"should\": [{\"constant_score\": {\"filter\": "
            + "{\"knn\": {\"field\": \"vv\", \"query_vector\": " + vector + ", \"k\": 10}}}}]}}}", pointer);
        ok(http(), "POST", "/_aliases", "{\"actions\": [{\"add\": {\"index\": \"" + INDEX + "\", \"alias\": \"mixed-alias\"}}]}");
        try {
            badRequest(http(), "POST", "/mixed-alias/_search",
                "{\"knn\": {\"field\": \"vv\", \"query_vector\": " + vector + ", \"k\": 10, \"num_candidates\": 10}}", pointer);
        } finally {
            ok(http(), "POST", "/_aliases", "{\"actions\": [{\"remove\": {\"index\": \"" + INDEX + "\", \"alias\": \"mixed-alias\"}}]}");
        }
        // a field of another type keeps Elasticsearch's own answer
        badRequest(http(), "POST", "/" + INDEX + "/_search",
            "{\"knn\": {\"field\": \"parity\", \"query_vector\": " + vector + ", \"k\": 10, \"num_candidates\": 10}}", "[dense_vector]");
    }

    /** Rows whose vector has no exact duplicate in the base, so "the document itself" is the only hit at distance 0. */
    private List<String> sampleRowsWithoutDuplicates(int n) {
        List<String> rows = new ArrayList<>();
        while (rows.size() < n) {
            String id = Integer.toString(random().nextInt(base.length));
            if (rows.contains(id) == false && NeighbourOracle.ranked(docs.get(id), docs, other -> other.equals(id) == false).get(0).distance() > 0) {
                rows.add(id);
            }
        }
        return rows;
    }

    public void testQueryByReferenceLeavesTheDocumentOutUnlessAsked() {
        for (String id : sampleRowsWithoutDuplicates(10)) {
            float[] vector = docs.get(id);
            List<Neighbour> others = NeighbourOracle.ranked(vector, docs, other -> other.equals(id) == false);
            List<Neighbour> all = NeighbourOracle.ranked(vector, docs, other -> true);

            List<Hit> hits = vicinityKnn("{\"field\": \"vv\", \"vector\": {\"id\": \"" + id + "\"}, \"k\": 10}", 10);
            NeighbourOracle.assertExactTopK("neighbours of [" + id + "]", hits, others, 10);

            hits = vicinityKnn("{\"field\": \"vv\", \"vector\": {\"id\": \"" + id + "\", \"index\": \"" + INDEX + "\"}, \"k\": 10}", 10);
            NeighbourOracle.assertExactTopK("neighbours of [" + id + "] with its index named", hits, others, 10);

            hits = vicinityKnn("{\"field\": \"vv\", \"vector\": {\"id\": \"" + id + "\"}, \"k\": 10, \"include_self\": true}", 10);
            NeighbourOracle.assertExactTopK("neighbours of [" + id + "] and itself", hits, all, 10);
            assertThat("the document itself comes first", hits.get(0).id(), equalTo(id));
            assertThat("at distance 0", hits.get(0).score(), equalTo(1f));
            assertThat("and alone there", hits.get(1).score(), org.hamcrest.Matchers.lessThan(1f));

            // the same as giving the vector itself
            List<Hit> byValue = vicinityKnn("{\"field\": \"vv\", \"vector\": " + vectorJson(vector) + ", \"k\": 10}", 10);
            assertEquals(hits.stream().map(Hit::score).toList(), byValue.stream().map(Hit::score).toList());

            // with a filter: both apply
            String parity = random().nextBoolean() ? "even" : "odd";
            hits = vicinityKnn("{\"field\": \"vv\", \"vector\": {\"id\": \"" + id + "\"}, \"k\": 10, \"filter\": {\"term\": {\"parity\": \""
                + parity + "\"}}}", 10);
            NeighbourOracle.assertExactTopK("neighbours of [" + id + "] with parity " + parity, hits,
                NeighbourOracle.ranked(vector, docs, other -> other.equals(id) == false && (Integer.parseInt(other) % 2 == 0) == parity.equals("even")), 10);
        }
    }

    /**
     * The referenced document is left out by index and id together: a document with the same id in the searched index
     * is an ordinary hit when the reference points into another index.
     */
    public void testReferenceIntoAnotherIndexExcludesOnlyThatDocument() {
        List<Hit> hits = vicinityKnn("{\"field\": \"vv\", \"vector\": {\"id\": \"5\", \"index\": \"probe\"}, \"k\": 5}", 5);
        NeighbourOracle.assertExactTopK("neighbours of probe/5 in " + INDEX, hits, NeighbourOracle.ranked(base[5], docs, id -> true), 5);
        assertThat(hits.stream().filter(h -> h.id().equals("5")).count(), equalTo(1L));

        Reply both = ok(http(), "POST", "/" + INDEX + ",probe/_search",
            "{\"size\": 5, \"query\": {\"vicinity_knn\": {\"field\": \"vv\", \"vector\": {\"id\": \"5\", \"index\": \"probe\"}, \"k\": 5}}}");
        List<Map<String, Object>> raw = both.at("hits", "hits");
        assertThat(raw.size(), greaterThan(0));
        for (Map<String, Object> hit : raw) {
            assertFalse("probe/5 itself is excluded: " + both.body(), "probe".equals(hit.get("_index")) && "5".equals(hit.get("_id")));
        }
        assertThat("mixed/5 is still found", raw.get(0).get("_id"), equalTo("5"));
        assertThat(raw.get(0).get("_index"), equalTo(INDEX));
    }
}
