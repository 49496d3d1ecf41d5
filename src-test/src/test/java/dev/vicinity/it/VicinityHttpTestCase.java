package dev.vicinity.it;

import dev.vicinity.plugin.VicinityPlugin;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.AfterClass;

import java.io.IOException;

import java.util.Collection;
import java.util.List;

/**
 * An Elasticsearch test cluster with the Vicinity plugin, reached over real HTTP: the netty4 transport instead of
 * the framework's mock HTTP layer, so requests go through JSON parsing and REST error handling as users' do.
 */
public abstract class VicinityHttpTestCase extends ESIntegTestCase {

    /**
     * A client for suite-scoped clusters ({@link ESIntegTestCase.SuiteScopeTestCase}): ESIntegTestCase closes its shared
     * {@code getRestClient()} only when a test-scoped lifecycle ends, so in a suite-scoped test its threads would outlive
     * the suite; this one is closed after the suite.
     */
    private static RestClient suiteClient;

    protected static synchronized RestClient suiteHttp() {
        if (suiteClient == null) {
            suiteClient = createRestClient();
        }
        return suiteClient;
    }

    @AfterClass
    public static void closeSuiteClient() throws IOException {
        if (suiteClient != null) {
            suiteClient.close();
            suiteClient = null;
        }
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(VicinityPlugin.class, Netty4Plugin.class);
    }
}
