package dev.vicinity.plugin;

import org.elasticsearch.TransportVersion;

/**
 * The Elasticsearch transport versions Vicinity's wire formats are gated on. A plugin cannot register transport
 * versions of its own, and a plugin build matches one Elasticsearch version exactly, so a wire field Vicinity adds is
 * gated on the transport version of the first Elasticsearch release whose Vicinity build sends it, as
 * Elasticsearch's own {@code KnnVectorQueryBuilder} gates its fields: {@code if (out.getTransportVersion().supports(X))}.
 * During a rolling upgrade a node then writes only what the receiving node's Vicinity build can read.
 */
public final class VicinityTransportVersions {

    /**
     * Elasticsearch 9.5.3, the first release with a Vicinity build: {@code vicinity_knn}'s wire format as of that build
     * (field, vector or reference, k, filter, max_distance, include_self, exact, the method's query parameters as a
     * generic map, ignore_unmapped), and {@code _vicinity/stats}'s node requests and responses. Nodes older than this
     * cannot receive the query.
     *
     * <p>By id, not by name: Elasticsearch files a release's initial transport version as <em>unreferable</em>, so
     * {@code TransportVersion.fromName("initial_9.5.3")} throws. {@code 9458007} is the id of {@code initial_9.5.3}
     * in Elasticsearch 9.5.3's {@code transport/definitions/unreferable/initial_9.5.3.csv}; a test checks the running
     * Elasticsearch knows it.
     */
    public static final TransportVersion INITIAL = TransportVersion.fromId(9_458_007);

    private VicinityTransportVersions() {}
}
