package dev.vicinity.it;

import dev.vicinity.plugin.VicinityPlugin;

import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.util.Collection;
import java.util.List;

/**
 * An Elasticsearch test cluster with the Vicinity plugin, reached over real HTTP: the netty4 transport instead of
 * the framework's mock HTTP layer, so requests go through JSON parsing and REST error handling as users' do.
 */
public abstract class VicinityHttpTestCase extends ESIntegTestCase {

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(VicinityPlugin.class, Netty4Plugin.class);
    }
}
