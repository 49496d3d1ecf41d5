package dev.vicinity.forest;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.rptree.PlaneTree;
import dev.vicinity.rptree.RPForestBuilder;
import dev.vicinity.rptree.SplitRule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds a {@link Forest}: the metric picks the {@link SplitSpace}, whose rule divides the nodes (Annoy's two-means,
 * dense or cut to {@code split_dims} coordinates, or single coordinates for hamming), and {@link RPForestBuilder}
 * grows the trees level by level, a batch of trees at a time (each batch reads every vector once per level; batches
 * bound the builder's scratch memory, about 13 bytes per point and tree of the batch). Tree {@code t} draws from the
 * {@code t}-th split of the seed's stream, so it depends neither on the batching nor on how many trees are built, nor
 * on how many threads build them: the same seed gives the same forest.
 *
 * <p>{@code n_trees = -1} applies Annoy's automatic rule: trees are added until the forest has at least as many
 * nodes (internal and leaves) as there are points.
 */
public final class ForestBuilder {

    /** The most trees grown together in one batch. */
    static final int BATCH = 16;

    private ForestBuilder() {}

    /**
     * Builds on the calling thread.
     *
     * @param vectors the points; an empty source gives an empty forest
     * @param monitor progress (phase {@code "forest"}) and abort hooks, or {@code null}
     * @throws IllegalArgumentException naming the metric when the forest cannot split for it
     */
    public static Forest build(VectorSource vectors, Metric metric, ForestParameters params, BuildMonitor monitor) {
        return build(vectors, metric, params, monitor, Runnable::run, 1);
    }

    /**
     * Builds batches of trees on {@code workers} tasks of {@code executor} at once (for example Lucene's intra-merge
     * executor), each with its own {@link VectorSource#copy()}; the calling thread waits and polls
     * {@code monitor.aborted()} for them. The result is the same as on one thread.
     */
    public static Forest build(VectorSource vectors, Metric metric, ForestParameters params, BuildMonitor monitor, Executor executor, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("[workers] must be at least [1] but was [" + workers + "]");
        }
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        SplitSpace space = SplitSpace.forMetric(metric);
        int n = vectors.size();
        int dims = vectors.dims();
        // correlation normals must stay centred (sum to zero), which a cut normal would not
        int splitDims = space == SplitSpace.COORDINATE ? 1 : space == SplitSpace.CENTRED ? dims : params.resolveSplitDims(dims);
        boolean sparse = splitDims < dims;
        m.phase("forest");
        SplittableRandom seeds = new SplittableRandom(params.seed());
        List<PlaneTree> trees = new ArrayList<>();
        if (n > 0) {
            VectorSource splitVectors = space.splitVectors(vectors);
            boolean auto = params.nTrees() == ForestParameters.AUTO_TREES;
            int wanted = auto ? ForestParameters.MAX_TREES : params.nTrees();
            long nodes = 0;
            while (trees.size() < wanted && (auto == false || nodes < n)) {
                if (m.aborted()) {
                    throw new BuildAbortedException("forest");
                }
                int round = wanted - trees.size();
                if (auto) {
                    round = trees.isEmpty() ? 1 : (int) Math.max(1, Math.min(round, estimateTrees(trees, n, nodes)));
                }
                // batches of at most BATCH trees, at least one per worker while there are trees for them
                int batch = Math.max(1, Math.min(BATCH, (round + workers - 1) / workers));
                round = Math.min(round, batch * workers);
                List<List<SplittableRandom>> batches = new ArrayList<>();
                for (int first = 0; first < round; first += batch) {
                    List<SplittableRandom> randoms = new ArrayList<>();
                    for (int t = first; t < Math.min(round, first + batch); t++) {
                        randoms.add(seeds.split());
                    }
                    batches.add(randoms);
                }
                for (PlaneTree tree : grow(batches, splitVectors, space, sparse ? splitDims : Integer.MAX_VALUE, params.leafSize(), m, executor)) {
                    trees.add(tree);
                    nodes += tree.nodeCount();
                }
            }
        }
        return ForestFlattener.flatten(space, dims, n, trees, sparse, splitDims);
    }

    /** Grows each batch as one task; returns the trees in batch order. */
    private static List<PlaneTree> grow(List<List<SplittableRandom>> batches, VectorSource splitVectors, SplitSpace space, int splitDims, int leafSize,
        BuildMonitor monitor, Executor executor) {
        if (batches.size() == 1) {
            return new RPForestBuilder(splitVectors, rule(space, splitDims), leafSize, batches.get(0), monitor).buildPlaneTrees();
        }
        AtomicBoolean aborted = new AtomicBoolean();
        BuildMonitor workerMonitor = new BuildMonitor() {
            @Override
            public boolean aborted() {
                return aborted.get();
            }
        };
        List<CompletableFuture<List<PlaneTree>>> tasks = new ArrayList<>();
        for (List<SplittableRandom> randoms : batches) {
            VectorSource own = splitVectors.copy();
            tasks.add(CompletableFuture.supplyAsync(() -> new RPForestBuilder(own, rule(space, splitDims), leafSize, randoms, workerMonitor).buildPlaneTrees(), executor));
        }
        List<PlaneTree> trees = new ArrayList<>();
        for (CompletableFuture<List<PlaneTree>> task : tasks) {
            while (true) {
                try {
                    trees.addAll(task.get(50, TimeUnit.MILLISECONDS));
                    break;
                } catch (TimeoutException e) {
                    if (monitor.aborted()) {
                        aborted.set(true);
                    }
                } catch (InterruptedException e) {
                    aborted.set(true);
                    Thread.currentThread().interrupt();
                    throw new BuildAbortedException("forest");
                } catch (ExecutionException e) {
                    aborted.set(true);
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        return trees;
    }

    /** A rule instance per building thread: two-means keeps a sample buffer. */
    private static SplitRule rule(SplitSpace space, int splitDims) {
        return space == SplitSpace.COORDINATE ? new CoordinateRule() : new TwoMeansRule(space, splitDims);
    }

    /** How many more trees the automatic rule needs, from the average node count of the trees so far. */
    private static long estimateTrees(List<PlaneTree> trees, int n, long nodes) {
        double perTree = (double) nodes / trees.size();
        return (long) Math.ceil((n - nodes) / perTree);
    }
}
