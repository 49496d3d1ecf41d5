package dev.vicinity.it;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.test.ESIntegTestCase;

import static org.hamcrest.Matchers.containsString;

/** The plugin as Elasticsearch's integration-test cluster runs it, reached over real HTTP (netty4). */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class PluginHttpIT extends VicinityHttpTestCase {

    public void testEveryNodeListsThePlugin() throws Exception {
        Response response = getRestClient().performRequest(new Request("GET", "/_cat/plugins?h=name,component"));
        String body = new String(response.getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        long lines = body.lines().filter(l -> l.contains("vicinity")).count();
        assertEquals("one vicinity line per node in:\n" + body, internalCluster().size(), lines);
        assertThat(body, containsString("vicinity"));
    }
}
