package dev.vicinity.codec.forest;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.codec.FieldSearch;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.SearcherPool;
import dev.vicinity.forest.ForestSearcher;

import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.RamUsageEstimator;

import java.io.IOException;

/**
 * Reads one {@code forest} field's block (layout on {@link ForestFieldEntry}) and searches it: the forest's best-first
 * walk over all trees gathers {@code search_k} candidate slots ({@link ForestSearcher}, Annoy's search with summed
 * margins), candidates found in fewer than {@code votes} trees are dropped, and the rest are measured in one bulk call
 * and written into the query's collector ({@link FieldSearch#scoreCandidates}).
 *
 * <p>Searchers are pooled per field; a searcher's scratch (queue, vote table, candidate buffers) grows with
 * {@code search_k}, never with the number of vectors.
 */
final class ForestFieldReader implements MethodField {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(ForestFieldReader.class);

    private final ForestFieldEntry entry;
    private final IndexInput block;
    private final SearcherPool<ForestSearcher> searchers;

    /** @param entry read and checked against the field and the block's length by {@link ForestFieldEntry#read} */
    ForestFieldReader(ForestFieldEntry entry, IndexInput block) throws IOException {
        this.entry = entry;
        this.block = block;
        this.searchers = new SearcherPool<>(() -> new ForestSearcher(new OffHeapForest(entry, block.clone())));
        new OffHeapForest(entry, block.clone()); // every slice fits: fail at open, not at the first query
    }

    @Override
    public IndexMethod method() {
        return ForestMethod.INSTANCE;
    }

    @Override
    public ForestFieldEntry entry() {
        return entry;
    }

    /** The entry, its parameters and the handle over the block; trees, planes and leaves stay in the file. */
    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + RamUsageEstimator.shallowSizeOf(entry) + RamUsageEstimator.shallowSizeOf(entry.params())
            + RamUsageEstimator.shallowSizeOf(block) + RamUsageEstimator.shallowSizeOf(searchers);
    }

    @Override
    public void search(FieldSearch search) throws IOException {
        ForestQuery query = (ForestQuery) search.parameters();
        int k = search.hits().k();
        AcceptOrds accept = search.acceptsAll() ? null : search::accepts;
        searchers.search(searcher -> {
            int count = searcher.collect(search.query(), query.searchK(k, entry.treeCount()), query.votes(), k, Integer.MAX_VALUE, accept);
            search.scoreCandidates(searcher.candidates(), count);
        });
    }
}
