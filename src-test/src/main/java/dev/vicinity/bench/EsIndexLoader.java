package dev.vicinity.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates a system's index on the node and loads the dataset into it as a user would: one primary shard, no replica,
 * every row a document ({@code _id} = row, the filters' fields, the vector, which {@code _source} leaves out as
 * Elasticsearch 9 does for {@code dense_vector} by default), sent by {@code _bulk} in requests of a few megabytes from
 * one client per core, with the index's default refresh interval. Then one timed {@code _refresh} and, unless
 * {@code --no-merge}, one timed {@code _forcemerge} to one segment, as the in-process bench force-merges.
 *
 * <p>With {@code --flush-every N} the rows go in chunks of {@code N} from one client, each ended by a {@code _refresh}, on an index
 * created without periodic refreshes and with a merge policy that keeps up to twice as many segments per tier as
 * there are chunks, so (with {@code --no-merge}) the shard holds one segment per chunk: the number of segments is
 * chosen, not left to the bulk load's timing. The segments actually left are reported either way.
 */
final class EsIndexLoader {

    /** About this many bytes of JSON per bulk request. */
    private static final int BULK_BYTES = 4_000_000;

    private final EsClient admin;
    private final String address;
    private final Dataset dataset;
    private final KMeans.Choice cluster;
    private final Progress progress;
    private final int flushEvery;

    /**
     * @param cluster the k-means choice whose cluster ids the documents carry, or {@code null}
     * @param flushEvery rows per refreshed chunk ({@code --flush-every}), 0 for one bulk load
     */
    EsIndexLoader(EsClient admin, String address, Dataset dataset, KMeans.Choice cluster, Progress progress, int flushEvery) {
        this.admin = admin;
        this.address = address;
        this.dataset = dataset;
        this.cluster = cluster;
        this.progress = progress;
        this.flushEvery = flushEvery;
    }

    /** The number of chunks {@code --flush-every} cuts the rows into. */
    private int chunks() {
        int rows = dataset.base().length;
        return flushEvery <= 0 ? 1 : (rows + flushEvery - 1) / flushEvery;
    }

    /** Creates {@code index} with the system's vector field and the filters' fields. */
    void create(String index, EsSystem system, Map<String, String> buildParams) throws IOException {
        admin.deleteIfExists("/" + index);
        String chunked = flushEvery <= 0 ? ""
            : ",\"refresh_interval\":\"-1\",\"merge.policy.segments_per_tier\":" + Math.max(10, 2 * chunks());
        admin.put("/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0" + chunked + "},"
            + "\"mappings\":{\"_source\":{\"excludes\":[\"" + EsSystem.FIELD + "\"]},\"properties\":{\"" + EsSystem.FIELD + "\":"
            + system.fieldMapping(dataset.dims(), dataset.metric(), buildParams) + "," + BenchFilter.fieldMappings(cluster != null) + "}}}");
    }

    /** Loads every row, refreshes and (when {@code merge}) force-merges; returns the build figures. */
    EsResult.IndexFigures load(String index, String label, boolean merge) throws IOException {
        float[][] base = dataset.base();
        int batch = Math.max(1, Math.min(5000, BULK_BYTES / (dataset.dims() * 8 + 80)));
        // chunked loads send from one client: concurrent bulk requests are indexed by as many Lucene writer threads,
        // and a refresh writes a segment per thread (MNIST in chunks of 3,000 left 40 segments instead of 20)
        int threads = flushEvery > 0 ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Progress.Task task = progress.start(label + ": bulk loading", base.length);
        AtomicInteger loaded = new AtomicInteger();
        long start = System.nanoTime();
        int chunkRows = flushEvery <= 0 ? base.length : flushEvery;
        for (int chunkStart = 0; chunkStart < base.length; chunkStart += chunkRows) {
            loadRows(index, chunkStart, Math.min(base.length, chunkStart + chunkRows), batch, threads, task, loaded);
            if (flushEvery > 0) {
                admin.post("/" + index + "/_refresh", null);
            }
        }
        double bulkSeconds = (System.nanoTime() - start) / 1e9;
        task.done();
        double refreshSeconds = timed(() -> admin.post("/" + index + "/_refresh", null));
        double mergeSeconds = Double.NaN;
        if (merge) {
            progress.say(label + ": force-merging to one segment");
            mergeSeconds = timed(() -> admin.post("/" + index + "/_forcemerge?max_num_segments=1", null));
            admin.post("/" + index + "/_refresh", null);
        }
        long count = number(admin.get("/" + index + "/_count"), "count");
        if (count != base.length) {
            throw new IllegalStateException("index [" + index + "] has [" + count + "] documents, expected [" + base.length + "]");
        }
        Map<String, Object> stats = admin.get("/" + index + "/_stats/store,segments");
        long storeBytes = number(stats, "_all", "primaries", "store", "size_in_bytes");
        long segments = number(stats, "_all", "primaries", "segments", "count");
        progress.say(String.format(Locale.ROOT, "%s: bulk %.1f s (%,.0f docs/s), refresh %.2f s, force merge %s, %,d bytes in %d segment(s)", label,
            bulkSeconds, base.length / bulkSeconds, refreshSeconds, merge ? String.format(Locale.ROOT, "%.1f s", mergeSeconds) : "skipped (--no-merge)",
            storeBytes, segments));
        return new EsResult.IndexFigures(base.length / bulkSeconds, refreshSeconds, mergeSeconds, storeBytes, segments);
    }

    /** Sends rows {@code from} to {@code to} (exclusive) in bulk requests of {@code batch} rows from {@code threads} clients. */
    private void loadRows(String index, int from, int to, int batch, int threads, Progress.Task task, AtomicInteger loaded) throws IOException {
        int batches = (to - from + batch - 1) / batch;
        AtomicInteger nextBatch = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (EsClient client = new EsClient(address)) {
                        for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
                            int batchFrom = from + b * batch;
                            int batchTo = Math.min(to, batchFrom + batch);
                            client.bulk("/" + index + "/_bulk?filter_path=errors,items.*.error", documents(batchFrom, batchTo));
                            task.update(loaded.addAndGet(batchTo - batchFrom));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + index, e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The bulk body of rows {@code from} to {@code to} (exclusive). */
    private String documents(int from, int to) {
        StringBuilder body = new StringBuilder();
        for (int row = from; row < to; row++) {
            body.append("{\"index\":{\"_id\":\"").append(row).append("\"}}\n{").append(BenchFilter.documentFields(row, cluster))
                .append(",\"").append(EsSystem.FIELD).append("\":").append(Json.vector(dataset.base()[row])).append("}\n");
        }
        return body.toString();
    }

    private interface Call {
        void run() throws IOException;
    }

    private static double timed(Call call) throws IOException {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static long number(Map<String, Object> response, String... path) throws IOException {
        if (Json.at(response, path) instanceof Number n) {
            return n.longValue();
        }
        throw new IOException("the node's answer has no number at " + String.join(".", path) + ": " + response);
    }
}
