package dev.vicinity.search;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.search.knn.KnnSearchStrategy;
import org.apache.lucene.search.knn.MultiLeafKnnCollector;
import org.apache.lucene.util.hnsw.BlockingFloatHeap;

/**
 * Collectors for {@link VicinityKnnQuery} whose per-segment searches share one threshold: each segment keeps its own
 * top {@code k} and, once it has {@code k}, also sees the best {@code k} scores of every segment searched so far
 * (Lucene's {@link MultiLeafKnnCollector} over one {@link BlockingFloatHeap}, safe under concurrent segment search).
 * A method's search prunes with {@code minCompetitiveSimilarity}, so a segment that cannot contribute to the
 * query's top {@code k} stops early.
 *
 * <p>Why not Lucene's default (optimistic) collection: it searches every segment for a per-segment {@code k'} (for
 * ten equal segments and {@code k = 10}, sixteen) without sharing a threshold, then searches again, from scratch for
 * a Vicinity method, every segment whose hits all made the global top {@code k}. One pass with a shared threshold
 * does less work for the same answer quality.
 */
final class SharedThresholdCollectorManager implements KnnCollectorManager {

    private final int k;
    /** The best scores collected so far across segments; {@code null} with a single segment. */
    private final BlockingFloatHeap globalScores;

    SharedThresholdCollectorManager(int k, IndexSearcher searcher) {
        this.k = k;
        this.globalScores = searcher.getIndexReader().leaves().size() > 1 ? new BlockingFloatHeap(k) : null;
    }

    @Override
    public KnnCollector newCollector(int visitedLimit, KnnSearchStrategy searchStrategy, LeafReaderContext context) {
        TopKnnCollector local = new TopKnnCollector(k, visitedLimit, searchStrategy);
        return globalScores == null ? local : new MultiLeafKnnCollector(k, globalScores, local);
    }
}
