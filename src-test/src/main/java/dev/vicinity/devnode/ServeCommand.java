package dev.vicinity.devnode;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vicinity serve [--port N] [--home DIR]}: assembles an Elasticsearch home with the Vicinity plugin and
 * runs a node in the foreground until Ctrl-C or SIGTERM, which close it cleanly (the JVM shutdown hook).
 */
public final class ServeCommand {

    private ServeCommand() {}

    public static void main(String[] args) throws Exception {
        LauncherOptions options = LauncherOptions.parse("serve", args);
        ElasticsearchHome home = new ElasticsearchHome(options.home()).assemble(options.nettyModule(), options.pluginZip());
        DevNode node = DevNode.start(home, options.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.OUT.println("vicinity: stopping the node");
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace(Console.OUT);
            } finally {
                stopped.countDown();
            }
        }, "vicinity-shutdown"));
        Console.OUT.println("vicinity: Elasticsearch " + ElasticsearchVersion.VERSION + " with the Vicinity plugin is serving "
            + node.httpAddress() + " (home " + home.path() + "); Ctrl-C stops it");
        stopped.await();
    }
}
