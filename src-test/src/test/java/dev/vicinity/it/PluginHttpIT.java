package dev.vicinity.it;

import dev.vicinity.plugin.VicinityPlugin;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.util.Collection;
import java.util.List;

import static org.hamcrest.Matchers.containsString;

/** The plugin as Elasticsearch's integration-test cluster runs it, reached over real HTTP (netty4). */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class PluginHttpIT extends ESIntegTestCase {

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(VicinityPlugin.class, Netty4Plugin.class);
    }

    public void testEveryNodeListsThePlugin() throws Exception {
        Response response = getRestClient().performRequest(new Request("GET", "/_cat/plugins?h=name,component"));
        String body = new String(response.getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        long lines = body.lines().filter(l -> l.contains("vicinity")).count();
        assertEquals("one vicinity line per node in:\n" + body, internalCluster().size(), lines);
        assertThat(body, containsString("vicinity"));
    }
}
