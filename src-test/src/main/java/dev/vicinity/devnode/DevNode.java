package dev.vicinity.devnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Elasticsearch {@link Node}, started through the production code path (environment,
 * logging, module and plugin bundles loaded from the home directory, {@link PluginsLoader}), so the Vicinity
 * plugin goes through the same descriptor checks, jar-hell check, class-loader isolation and Lucene SPI reload
 * as in an installed distribution.
 *
 * <p>The class path of this JVM must hold only the Elasticsearch server and its dependencies (see
 * {@code ./vicinity}); the plugin's classes come from {@code plugins/vicinity/} alone.
 */
public final class DevNode implements Closeable {

    private final Node node;
    private final String httpAddress;

    private DevNode(Node node) {
        this.node = node;
        TransportAddress bound = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        this.httpAddress = "http://" + bound.getAddress() + ":" + bound.getPort();
    }

    /** Starts a node on {@code home} (already {@link ElasticsearchHome#assemble assembled}) with HTTP on {@code port} (0 picks a free one). */
    public static DevNode start(ElasticsearchHome home, int port) throws Exception {
        Console.OUT.flush(); // captures the real stdout before logging is configured
        // Elasticsearch's native libraries (zstd, libvec) are not on Maven Central; pointing the loader at an
        // empty directory makes it fall back to Java code instead of failing on an unset path.
        System.setProperty("es.nativelibs.path", home.path().resolve("lib").toString());
        Settings settings = Settings.builder()
            .put("path.home", home.path().toString())
            .put("path.data", home.dataDir().toString())
            .put("path.logs", home.path().resolve("logs").toString())
            .put("cluster.name", "vicinity-dev")
            .put("node.name", "vicinity-dev")
            .put("network.host", "127.0.0.1")
            .put("http.port", port == 0 ? "0" : Integer.toString(port))
            .put("transport.port", "0")
            .put("discovery.type", "single-node")
            // A laptop disk that is 90% full must not turn the dev node's indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.path().resolve("config"), () -> "vicinity-dev");
        // true: keep the console appender (the node runs in the foreground). Note that this also redirects
        // System.out and System.err into the loggers; launcher messages go through Console.OUT instead.
        LogConfigurator.configure(environment, true);
        Set<PluginBundle> modules = PluginsLoader.loadModulesBundles(environment.modulesDir(), false);
        Set<PluginBundle> plugins = PluginsLoader.loadPluginsBundles(environment.pluginsDir(), false);
        // Module layers are not used: the server itself runs on the class path, not as a named module.
        PluginsLoader loader = PluginsLoader.createPluginsLoader(modules, plugins, Map.of(), false);
        Node node = new Node(environment, loader);
        try {
            node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return new DevNode(node);
    }

    /** The node's HTTP base address, for example {@code http://127.0.0.1:9200}. */
    public String httpAddress() {
        return httpAddress;
    }

    @Override
    public void close() throws IOException {
        node.prepareForClose();
        node.close();
        try {
            if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                Console.OUT.println("vicinity: the node did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
