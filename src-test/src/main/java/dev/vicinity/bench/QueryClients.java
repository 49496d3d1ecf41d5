package dev.vicinity.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The search clients of {@code --via es}: a fixed set of threads, each with its own {@link EsClient} (one keep-alive
 * connection) for the whole run, sending searches one after the other. A pass sends every query once, taken in order
 * from a shared counter by however many clients it uses, so that with one client the queries go strictly one after the
 * other and with several the node always has that many requests in flight. Only the request is timed; the response is
 * parsed after the clock stops.
 */
final class QueryClients implements Closeable {

    /** The response members a search needs: the ids of the hits and whether every shard answered in time. */
    static final String FILTER_PATH = "filter_path=timed_out,_shards.failed,hits.hits._id";

    private final EsClient[] clients;
    private final ExecutorService threads;
    /** Set when a client failed, so that the others of the pass stop sending instead of finishing it. */
    private volatile boolean stopping;

    QueryClients(String address, int count) {
        clients = new EsClient[count];
        for (int i = 0; i < count; i++) {
            clients[i] = new EsClient(address);
        }
        AtomicInteger number = new AtomicInteger();
        threads = Executors.newFixedThreadPool(count, r -> {
            Thread thread = new Thread(r, "vicinity-bench-client-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    int count() {
        return clients.length;
    }

    /**
     * One pass's answers.
     *
     * @param ids per query the rows (document ids) of its hits, best first
     * @param nanos per query the time from sending the request to having read the whole response
     * @param seconds the pass's wall time, from the first request sent to the last response read
     */
    record Pass(int[][] ids, long[] nanos, double seconds) {}

    /** Sends every body once to {@code path} over {@code clientCount} clients; {@code task} counts the answers. */
    Pass run(String path, String[] bodies, int clientCount, Progress.Task task) throws IOException {
        int[][] ids = new int[bodies.length][];
        long[] nanos = new long[bodies.length];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        forEachClient(clientCount, client -> {
            for (int q = next.getAndIncrement(); q < bodies.length && stopping == false; q = next.getAndIncrement()) {
                long sent = System.nanoTime();
                String response = client.search(path, bodies[q]);
                nanos[q] = System.nanoTime() - sent;
                ids[q] = hitIds(response);
                if (task != null) {
                    task.update(done.incrementAndGet());
                }
            }
        });
        return new Pass(ids, nanos, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Untimed searches over {@code clientCount} clients for {@code seconds} (at least one pass over up to 100 queries,
     * unless {@code seconds} is 0), so that the node's JIT has compiled the search path before it is measured.
     *
     * @return how many searches were answered per second
     */
    double warmUp(String path, String[] bodies, int clientCount, double seconds) throws IOException {
        if (seconds <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int minimum = Math.min(100, bodies.length);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        forEachClient(clientCount, client -> {
            for (int i = next.getAndIncrement(); (i < minimum || System.nanoTime() < end) && stopping == false; i = next.getAndIncrement()) {
                hitIds(client.search(path, bodies[i % bodies.length]));
                answered.incrementAndGet();
            }
        });
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    private interface ClientWork {
        void run(EsClient client) throws IOException;
    }

    /** Runs {@code work} on {@code clientCount} threads, each with its own client; the first failure stops the others. */
    private void forEachClient(int clientCount, ClientWork work) throws IOException {
        stopping = false;
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            EsClient client = clients[c];
            futures.add(threads.submit(() -> {
                try {
                    work.run(client);
                } catch (IOException | RuntimeException e) {
                    stopping = true;
                    throw e;
                }
                return null;
            }));
        }
        IOException first = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the clients searched", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The hits' document ids (which are rows) of a search response filtered by {@link #FILTER_PATH}; a response with
     * failed shards or a timeout is an {@link IOException}, since its hits would not be the index's answer.
     */
    static int[] hitIds(String response) throws IOException {
        Map<String, Object> parsed = Json.parseObject(response);
        Object failedShards = Json.at(parsed, "_shards", "failed");
        if (Boolean.TRUE.equals(parsed.get("timed_out")) || (failedShards instanceof Number n && n.intValue() > 0)) {
            throw new IOException("a search timed out or failed on some shard: " + response);
        }
        if (Json.at(parsed, "hits", "hits") instanceof List<?> hits) {
            int[] ids = new int[hits.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Integer.parseInt((String) Json.at(hits.get(i), "_id"));
            }
            return ids;
        }
        return new int[0];
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EsClient client : clients) {
            client.close();
        }
    }
}
