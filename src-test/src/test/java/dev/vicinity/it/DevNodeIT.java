package dev.vicinity.it;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The front door of {@code ./vicinity serve}: the dev node is started as its own process on exactly the class
 * path the launcher uses (the Elasticsearch server jars only), loads the plugin from the built zip, answers
 * {@code GET /_cat/plugins} with {@code vicinity}, stops cleanly on SIGTERM, and keeps its data across a restart
 * on the same home.
 */
// Lucene's mock ExtrasFS drops random "extra0" entries into test directories; Elasticsearch would take one in
// plugins/ or modules/ for a plugin without a descriptor (ES's own plugin tests suppress it the same way).
@LuceneTestCase.SuppressFileSystems("ExtrasFS")
public class DevNodeIT extends ESTestCase {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private HttpClient http;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        http = HttpClient.newHttpClient();
    }

    @Override
    public void tearDown() throws Exception {
        http.close(); // waits for its selector and worker threads, which the leak checker would flag
        super.tearDown();
    }

    public void testServeLoadsThePluginAndKeepsDataAcrossRestarts() throws Exception {
        Path home = createTempDir().resolve("home");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;

        Process first = startNode(home, port);
        try {
            awaitUp(first, base);
            assertThat(get(base + "/_cat/plugins?h=component"), containsString("vicinity"));
            assertThat(send("PUT", base + "/kept", "{\"settings\":{\"number_of_replicas\":0}}").statusCode(), equalTo(200));
            assertThat(send("PUT", base + "/kept/_doc/1?refresh=true", "{\"note\":\"survives a restart\"}").statusCode(), equalTo(201));
        } finally {
            stop(first);
        }
        assertThat("SIGTERM must stop the node cleanly", first.exitValue(), equalTo(143 /* 128 + SIGTERM */));

        Process second = startNode(home, port);
        try {
            awaitUp(second, base);
            assertThat(send("GET", base + "/_cluster/health/kept?wait_for_status=green&timeout=60s", null).statusCode(), equalTo(200));
            assertThat(get(base + "/kept/_doc/1"), containsString("survives a restart"));
        } finally {
            stop(second);
        }
    }

    private Process startNode(Path home, int port) throws IOException {
        String classPath = System.getProperty("vicinity.node.launcher.classes") + java.io.File.pathSeparator
            + Files.readString(Path.of(System.getProperty("vicinity.node.classpath"))).trim();
        List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "-Xms512m", "-Xmx512m", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-cp", classPath, "dev.vicinity.devnode.ServeCommand",
            "--plugin-zip", System.getProperty("vicinity.plugin.zip"),
            "--netty-module", Path.of(System.getProperty("vicinity.modules.dir")).resolve("transport-netty4").toString(),
            "--port", Integer.toString(port), "--home", home.toString()));
        Files.createDirectories(home);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolveSibling("node-" + System.nanoTime() + ".log").toFile()).start();
    }

    private void awaitUp(Process process, String base) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue("the node process exited early with " + (process.isAlive() ? "" : process.exitValue()), process.isAlive());
            try {
                if (send("GET", base + "/_cluster/health", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        fail("the node did not answer within " + START_TIMEOUT);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
        if (process.waitFor(60, TimeUnit.SECONDS) == false) {
            process.destroyForcibly().waitFor();
            fail("the node did not stop within 60 s of SIGTERM");
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = send("GET", url, null);
        assertThat(response.body(), response.statusCode(), equalTo(200));
        return response.body();
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(70))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
