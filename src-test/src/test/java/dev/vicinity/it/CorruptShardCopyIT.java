package dev.vicinity.it;

import dev.vicinity.it.NeighbourOracle.Hit;
import dev.vicinity.plugin.VicinityPlugin;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.NIOFSDirectory;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.search.SearchPhaseExecutionException;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.routing.ShardRouting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.indices.IndicesService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.test.InternalTestCluster;
import org.elasticsearch.test.store.MockFSIndexStore;
import org.elasticsearch.test.hamcrest.ElasticsearchAssertions;
import org.elasticsearch.xcontent.XContentFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

/**
 * A damaged shard copy on a real cluster (two data nodes, one shard with one replica): bytes are flipped in the
 * primary's raw vectors ({@code .vec}) or index structure ({@code .vex}) while its node is down; the replica is
 * promoted and the node comes back with its damaged copy. A damaged structure stops that copy from opening (it is
 * rebuilt from the good one); damaged vectors open, and the first search that reaches them fails on that copy with a
 * corruption, which Elasticsearch retries on the good copy and answers as the failure of the damaged copy, rebuilt
 * in turn. Every search answers exactly (the optdigits brute force) with no failed shard, and in the end every copy
 * passes its checksums. The cluster's own check at start-up ({@code index.shard.check_on_startup}) is off: the
 * codec's checks are under test.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.TEST, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class CorruptShardCopyIT extends ESIntegTestCase {

    private static final String INDEX = "digits";
    private static final String FIELD = "vec";
    private static final String GRAPH = "graph";
    private static final int DOCS = 1500;
    private static final TimeValue SEARCH_TIMEOUT = TimeValue.timeValueSeconds(60);

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        // the mock store, always: its setting turns off the CheckIndex that would fail the test on the damaged copy
        return List.of(VicinityPlugin.class, MockFSIndexStore.TestPlugin.class);
    }

    public void testDamagedVectorsFailTheCopyWhileTheReplicaAnswers() throws Exception {
        assertDamagedCopyIsReplaced(".vec");
    }

    public void testDamagedStructureFailsTheCopyWhileTheReplicaAnswers() throws Exception {
        assertDamagedCopyIsReplaced(".vex");
    }

    private void assertDamagedCopyIsReplaced(String extension) throws Exception {
        float[][] base = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "base.fvecs.gz");
        float[][] queries = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "query.fvecs.gz");
        Map<String, float[]> docs = indexOneSegment(base, 1);

        // The primary: its replica is promoted while the node is down, and the node's copy comes back as a replica
        // that keeps its files (the damaged ones); a replica would come back with files copied from the primary.
        ShardRouting damaged = state().routingTable().index(INDEX).shard(0).primaryShard();
        String node = damagePrimaryAndRestart(extension);

        // The damaged copy is allocated again when its node rejoins: damaged vectors open, a damaged structure does
        // not (that copy fails and is rebuilt from the good one).
        ensureGreen(TimeValue.timeValueSeconds(60), INDEX);
        String damagedNodeId = internalCluster().clusterService(node).localNode().getId();
        ShardRouting onDamagedNode = copyOn(damagedNodeId);
        if (extension.equals(".vec")) {
            assertNotNull("the damaged vectors' copy opened", onDamagedNode);
            assertFalse("premise: the copy is back with its damaged vectors", isIntact(onDamagedNode));
        }

        // Searched from every node, the first search preferring the damaged node's copy, so that it is asked; then a
        // new preference each time: the exact field must answer exactly, the graphed one (a walk over the .vex
        // structure) k live documents.
        List<String> nodes = List.of(internalCluster().getNodeNames());
        for (int i = 0; i < 40; i++) {
            int q = i % queries.length;
            String preference = i == 0 ? "_prefer_nodes:" + damagedNodeId : "p" + i;
            List<Hit> exact = search(nodes.get(i % nodes.size()), new VicinityKnnQueryBuilder(FIELD, queries[q], 10), preference);
            NeighbourOracle.assertExactTopK("search [" + i + "]", exact, NeighbourOracle.ranked(queries[q], docs, id -> true), 10);
            List<Hit> walked = search(nodes.get(i % nodes.size()), new VicinityKnnQueryBuilder(GRAPH, queries[q], 10), "g" + i);
            assertThat("graphed search [" + i + "]", walked.size(), equalTo(10));
            for (Hit hit : walked) {
                assertTrue("graphed search [" + i + "]: unknown document [" + hit.id() + "]", docs.containsKey(hit.id()));
            }
        }

        if (extension.equals(".vec")) {
            // the first search found the damage and Elasticsearch failed that copy (the master learns it asynchronously)
            assertBusy(() -> {
                for (ShardRouting copy : state().routingTable().index(INDEX).shard(0).assignedShards()) {
                    assertThat("the searched damaged copy was failed and replaced", copy.allocationId().getId(),
                        not(equalTo(onDamagedNode.allocationId().getId())));
                }
            });
        }
        ensureGreen(TimeValue.timeValueSeconds(60), INDEX);
        assertEveryCopyIsIntact();
    }

    /** Flips bytes in the primary's files of that extension while its node is down; returns the node's name. */
    private String damagePrimaryAndRestart(String extension) throws Exception {
        ShardRouting primary = state().routingTable().index(INDEX).shard(0).primaryShard();
        String node = state().nodes().get(primary.currentNodeId()).getName();
        Path indexDir = internalCluster().getInstance(IndicesService.class, node).indexServiceSafe(primary.shardId().getIndex())
            .getShard(0).shardPath().resolveIndex();
        internalCluster().restartNode(node, new InternalTestCluster.RestartCallback() {
            @Override
            public Settings onNodeStopped(String nodeName) throws Exception {
                flipBytes(indexDir, extension);
                return Settings.EMPTY;
            }
        });
        return node;
    }

    /**
     * Without a replica there is no good copy to answer: the search fails as a server error (500, never a 400 nor
     * hits) whose shard failure names the damaged file.
     */
    public void testDamagedVectorsWithoutReplicaFailTheSearchAsAServerError() throws Exception {
        float[][] base = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "base.fvecs.gz");
        indexOneSegment(base, 0);
        damagePrimaryAndRestart(".vec");
        ensureGreen(TimeValue.timeValueSeconds(60), INDEX);
        SearchPhaseExecutionException e = expectThrows(SearchPhaseExecutionException.class,
            () -> client().prepareSearch(INDEX).setQuery(new VicinityKnnQueryBuilder(FIELD, base[0], 10)).get(SEARCH_TIMEOUT).decRef());
        assertThat(e.status(), equalTo(RestStatus.INTERNAL_SERVER_ERROR));
        assertThat(e.shardFailures().length, equalTo(1));
        assertThat(e.shardFailures()[0].reason(), containsString("CorruptIndexException"));
        assertThat(e.shardFailures()[0].reason(), containsString("VicinityVectors10_0.vec"));
    }

    /** The copy of the shard on that node, {@code null} when it has none. */
    private static ShardRouting copyOn(String nodeId) {
        return state().routingTable().index(INDEX).shard(0).assignedShards().stream()
            .filter(copy -> copy.currentNodeId().equals(nodeId))
            .findFirst()
            .orElse(null);
    }

    /** No damaged copy is left serving: every copy's files pass their checksums. */
    private static void assertEveryCopyIsIntact() throws IOException {
        for (ShardRouting copy : state().routingTable().index(INDEX).shard(0).assignedShards()) {
            assertTrue(copy + " passes its checksums", isIntact(copy));
        }
    }

    private static boolean isIntact(ShardRouting copy) throws IOException {
        String node = state().nodes().get(copy.currentNodeId()).getName();
        Path indexDir = internalCluster().getInstance(IndicesService.class, node).indexServiceSafe(copy.shardId().getIndex())
            .getShard(0).shardPath().resolveIndex();
        try (Directory dir = new NIOFSDirectory(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                leaf.reader().checkIntegrity();
            }
            return true;
        } catch (CorruptIndexException e) {
            return false;
        }
    }

    private static ClusterState state() {
        return clusterAdmin().prepareState(TEST_REQUEST_TIMEOUT).get().getState();
    }

    /** Searches through {@code node}'s client: no shard may have failed, and the one shard must have answered. */
    private static List<Hit> search(String node, VicinityKnnQueryBuilder query, String preference) {
        SearchResponse response = client(node).prepareSearch(INDEX).setQuery(query).setPreference(preference).setSize(10).get(SEARCH_TIMEOUT);
        try {
            assertThat("shard failures with preference [" + preference + "]", List.of(response.getShardFailures()), empty());
            assertThat(response.getSuccessfulShards(), equalTo(1));
            List<Hit> hits = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                hits.add(new Hit(hit.getId(), hit.getScore()));
            }
            return hits;
        } finally {
            response.decRef();
        }
    }

    /** One shard with that many replicas, one force-merged and flushed segment per copy; returns the documents by id. */
    private Map<String, float[]> indexOneSegment(float[][] base, int replicas) throws IOException {
        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder()
                .put("index.number_of_shards", 1)
                .put("index.number_of_replicas", replicas)
                .put("index.codec", "Vicinity104")
                // the test framework sometimes checksums every file at start-up: what is under test is the codec's own checks
                .put("index.shard.check_on_startup", false)
                // the restarted node gets its own (damaged) copy back instead of a fresh one
                .put("index.unassigned.node_left.delayed_timeout", "5m")
                // the damaged copy fails Lucene's CheckIndex when the test framework closes it: that is the point
                .put("index.store.mock.check_index_on_close", false))
            .setMapping(XContentFactory.jsonBuilder().startObject().startObject("properties")
                .startObject(FIELD).field("type", "vicinity_vector").field("dims", NeighbourOracle.OPTDIGITS_DIMS)
                    .field("metric", "euclidean").startObject("method").field("type", "exact").endObject().endObject()
                .startObject(GRAPH).field("type", "vicinity_vector").field("dims", NeighbourOracle.OPTDIGITS_DIMS).field("metric", "euclidean")
                    .startObject("method").field("type", "nndescent").field("n_neighbors", 10).field("exact_below", 100).endObject().endObject()
                .endObject().endObject()));
        ensureGreen(INDEX);
        Map<String, float[]> docs = new HashMap<>();
        BulkRequestBuilder bulk = client().prepareBulk();
        for (int row = 0; row < DOCS; row++) {
            String id = Integer.toString(row);
            bulk.add(prepareIndex(INDEX).setId(id).setSource(XContentFactory.jsonBuilder().startObject()
                .array(FIELD, base[row]).array(GRAPH, base[row]).endObject()));
            docs.put(id, base[row]);
        }
        BulkResponse response = bulk.get();
        assertFalse(response.buildFailureMessage(), response.hasFailures());
        ElasticsearchAssertions.assertNoFailures(indicesAdmin().prepareForceMerge(INDEX).setMaxNumSegments(1).setFlush(true).get());
        refresh(INDEX);
        return docs;
    }

    /**
     * Flips a byte in the middle of every Vicinity file with that extension: a file of its own, or an entry of a
     * compound file ({@code .cfs}, where Elasticsearch keeps small segments), located through its entry table.
     */
    private static void flipBytes(Path indexDir, String extension) throws IOException {
        List<Path> all;
        try (Stream<Path> list = Files.list(indexDir)) {
            all = list.toList();
        }
        int flipped = 0;
        for (Path file : all) {
            String name = file.getFileName().toString();
            if (isVicinityFile(name, extension)) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    flip(channel, channel.size() / 2);
                }
                flipped++;
            } else if (name.endsWith(".cfe")) {
                flipped += flipInCompound(indexDir, name, extension);
            }
        }
        assertThat("Vicinity " + extension + " files among " + all, flipped, greaterThan(0));
    }

    private static boolean isVicinityFile(String name, String extension) {
        return name.contains("VicinityVectors") && name.endsWith(extension);
    }

    /** The entry table: index header, vint count, then per entry its name without the segment, offset and length. */
    private static int flipInCompound(Path indexDir, String entriesFile, String extension) throws IOException {
        String segment = entriesFile.substring(0, entriesFile.length() - ".cfe".length());
        int flipped = 0;
        try (Directory dir = new NIOFSDirectory(indexDir);
             IndexInput entries = dir.openInput(entriesFile, IOContext.READONCE);
             FileChannel data = FileChannel.open(indexDir.resolve(segment + ".cfs"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            CodecUtil.readIndexHeader(entries);
            for (int count = entries.readVInt(); count > 0; count--) {
                String name = entries.readString();
                long offset = entries.readLong();
                long length = entries.readLong();
                if (isVicinityFile(name, extension)) {
                    flip(data, offset + length / 2);
                    flipped++;
                }
            }
        }
        return flipped;
    }

    private static void flip(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        one.put(0, (byte) (one.get(0) ^ 0x5A));
        one.rewind();
        channel.write(one, position);
    }
}
