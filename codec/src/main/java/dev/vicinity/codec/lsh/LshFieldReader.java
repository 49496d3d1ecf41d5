package dev.vicinity.codec.lsh;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.FieldSearch;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.SearcherPool;
import dev.vicinity.lsh.HashFunctions;
import dev.vicinity.lsh.LshSearcher;
import dev.vicinity.lsh.TableAccess;
import dev.vicinity.lsh.TableChecks;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.RamUsageEstimator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads one {@code lsh} field's block (layout on {@link LshFieldEntry}) and searches it: the query's bucket in every
 * table, then neighbouring buckets in order of likelihood up to {@code probes}, candidates counted across tables and
 * capped to the best {@code candidates}, measured in one bulk call and written into the query's collector
 * ({@link FieldSearch#scoreCandidates}). The hash functions are rebuilt once per field from the stored parameters
 * and states, and shared by the field's searchers, which are pooled; a searcher's scratch grows with candidates and
 * probes, never with the number of vectors.
 */
final class LshFieldReader implements MethodField {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(LshFieldReader.class);

    private final LshFieldEntry entry;
    private final IndexInput block;
    private final HashFunctions functions;
    private final SearcherPool<LshSearcher> searchers;

    /** @param entry read and checked against the field and the block's length by {@link LshFieldEntry#read} */
    LshFieldReader(LshFieldEntry entry, FieldMeta field, IndexInput block) throws IOException {
        this.entry = entry;
        this.block = block;
        float[][] states = new float[entry.stateLengths().length][];
        IndexInput in = block.clone();
        in.seek(0);
        for (int e = 0; e < states.length; e++) {
            states[e] = new float[entry.stateLengths()[e]];
            in.readFloats(states[e], 0, states[e].length);
        }
        try {
            this.functions = HashFunctions.create(entry.params(), field.dims(), field.metric(), states);
            TableChecks.checkShape(tables(), functions);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CorruptIndexException("lsh: " + e.getMessage(), block, e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        this.searchers = new SearcherPool<>(() -> new LshSearcher(functions, tables()));
    }

    @Override
    public IndexMethod method() {
        return LshMethod.INSTANCE;
    }

    @Override
    public LshFieldEntry entry() {
        return entry;
    }

    /**
     * The entry with its arrays, the handle over the block and the hash functions, which live on the heap (random
     * projections and rotations drawn again from the seed, fitted centres and components): tables stay in the file.
     */
    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + RamUsageEstimator.shallowSizeOf(entry) + RamUsageEstimator.shallowSizeOf(entry.params())
            + RamUsageEstimator.sizeOf(entry.stateLengths()) + RamUsageEstimator.sizeOf(entry.resolutions())
            + RamUsageEstimator.sizeOf(entry.directoryBits()) + RamUsageEstimator.shallowSizeOf(block) + RamUsageEstimator.shallowSizeOf(searchers)
            + functions.ramBytesUsed();
    }

    /** An independent reader of the tables (merges combine buckets through it); not thread-safe. */
    TableAccess tables() throws IOException {
        return new OffHeapTables(entry, block.clone());
    }

    @Override
    public void search(FieldSearch search) throws IOException {
        LshQuery query = (LshQuery) search.parameters();
        int k = search.hits().k();
        AcceptOrds accept = search.acceptsAll() ? null : search::accepts;
        searchers.search(searcher -> {
            int count = searcher.search(search.query(), query.probes(entry.tableCount()), query.candidates(k), k, accept);
            search.scoreCandidates(searcher.candidates(), count);
        });
    }
}
