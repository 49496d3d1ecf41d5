package dev.vicinity.devnode;

import dev.vicinity.data.Fvecs;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vicinity demo [--port N] [--home DIR] [--serve]}: starts the embedded node with the plugin loaded
 * from its zip, indexes the shipped optdigits dataset and shows what the plugin does, as short tables on the
 * console. It stops the node at the end, or keeps serving with {@code --serve}.
 */
public final class DemoCommand {

    static final String INDEX = "digits";
    private static final String DATASET = "/datasets/optdigits-64-euclidean/";

    private DemoCommand() {}

    public static void main(String[] args) throws Exception {
        LauncherOptions options = LauncherOptions.parse("demo", args);
        int port = options.port() == LauncherOptions.DEFAULT_PORT && isBusy(options.port()) ? 0 : options.port();
        ElasticsearchHome home = new ElasticsearchHome(options.home()).assemble(options.nettyModule(), options.pluginZip());
        float[][] base = readDataset("base.fvecs.gz");
        float[][] queries = readDataset("query.fvecs.gz");
        DevNode node = DevNode.start(home, port);
        try {
            HttpJson http = new HttpJson(node.httpAddress());
            Console.OUT.println();
            Console.OUT.println("Elasticsearch " + ElasticsearchVersion.VERSION + " is up at " + node.httpAddress());
            Console.OUT.println();
            Console.OUT.println("GET /_cat/plugins?v");
            Console.OUT.print(http.getText("/_cat/plugins?v&h=name,component,version"));
            new DemoScenario(http, base, queries).run();
            if (options.keepServing()) {
                serveUntilStopped(node);
            }
        } finally {
            node.close();
        }
        Console.OUT.println("vicinity: demo finished, node stopped");
    }

    private static void serveUntilStopped(DevNode node) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "vicinity-shutdown"));
        Console.OUT.println();
        Console.OUT.println("vicinity: still serving " + node.httpAddress() + " (index [" + INDEX + "]); Ctrl-C stops it");
        stopped.await();
    }

    private static float[][] readDataset(String file) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DATASET + file)) {
            if (in == null) {
                throw new IOException("dataset file [" + DATASET + file + "] is missing from the launcher's class path");
            }
            return Fvecs.readFloats(in, file);
        }
    }

    private static boolean isBusy(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            Console.OUT.println("vicinity: port " + port + " is busy, the demo picks a free one");
            return true;
        }
    }

    /** Formats one table row of fixed-width cells. */
    static String row(String format, Object... cells) {
        return String.format(Locale.ROOT, format, cells);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> hits(Map<String, Object> searchResponse) {
        return (List<Map<String, Object>>) ((Map<String, Object>) searchResponse.get("hits")).get("hits");
    }
}
