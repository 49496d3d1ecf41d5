package dev.vicinity.plugin.stats;

import dev.vicinity.plugin.VicinityTransportVersions;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.node.DiscoveryNodeUtils;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.index.Index;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The node request and response of {@code _vicinity/stats} survive the wire, at the current and at the first transport version. */
public class VicinityStatsNodeWireTests extends ESTestCase {

    public void testNodeRequestRoundTrip() throws IOException {
        for (Index[] indices : new Index[][] { null, new Index[0], randomIndices() }) {
            VicinityStatsNodeRequest request = new VicinityStatsNodeRequest(indices);
            BytesStreamOutput out = new BytesStreamOutput();
            out.setTransportVersion(randomVersion());
            request.writeTo(out);
            StreamInput in = out.bytes().streamInput();
            in.setTransportVersion(out.getTransportVersion());
            VicinityStatsNodeRequest read = new VicinityStatsNodeRequest(in);
            assertEquals(request, read);
            assertEquals(indices == null, read.indices() == null);
        }
    }

    public void testNodeResponseRoundTrip() throws IOException {
        DiscoveryNode node = DiscoveryNodeUtils.create(randomAlphaOfLength(8));
        List<IndexStats> indices = new ArrayList<>();
        for (int i = randomIntBetween(0, 3); i > 0; i--) {
            indices.add(IndexStatsWireTests.randomIndexStats());
        }
        VicinityStatsNodeResponse response = new VicinityStatsNodeResponse(node, indices);
        BytesStreamOutput out = new BytesStreamOutput();
        out.setTransportVersion(randomVersion());
        response.writeTo(out);
        StreamInput in = out.bytes().streamInput();
        in.setTransportVersion(out.getTransportVersion());
        VicinityStatsNodeResponse read = new VicinityStatsNodeResponse(in, node);
        assertEquals(node, read.getNode());
        assertEquals(response.indices(), read.indices());
        // sorted by index name whatever the order they were collected in
        assertEquals(indices.stream().map(IndexStats::name).sorted().toList(), read.indices().stream().map(IndexStats::name).toList());
    }

    private static TransportVersion randomVersion() {
        return randomFrom(TransportVersion.current(), VicinityTransportVersions.INITIAL);
    }

    private static Index[] randomIndices() {
        Index[] indices = new Index[randomIntBetween(1, 4)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = new Index(randomAlphaOfLength(5), randomAlphaOfLength(10));
        }
        return indices;
    }
}
