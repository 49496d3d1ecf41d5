package dev.vicinity.plugin;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.test.ESTestCase;

/** The plugin's transport versions are versions the running Elasticsearch knows, and none is newer than it. */
public class VicinityTransportVersionsTests extends ESTestCase {

    public void testInitialIsAKnownVersion() {
        assertTrue(VicinityTransportVersions.INITIAL + " is unknown to this Elasticsearch", VicinityTransportVersions.INITIAL.isKnown());
        assertTrue(TransportVersion.current().supports(VicinityTransportVersions.INITIAL));
    }
}
