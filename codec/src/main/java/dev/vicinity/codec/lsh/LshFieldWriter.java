package dev.vicinity.codec.lsh;

import dev.vicinity.codec.BlockWrites;
import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.MergeSources;
import dev.vicinity.codec.MergedOrdinals;
import dev.vicinity.codec.MethodField;
import dev.vicinity.lsh.LshBuilder;
import dev.vicinity.lsh.LshIndex;
import dev.vicinity.lsh.LshMerger;
import dev.vicinity.lsh.LshParameters;
import dev.vicinity.lsh.LshTables;

import org.apache.lucene.store.IndexOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@code lsh} field of a segment being flushed or merged and writes its block (layout on
 * {@link LshFieldEntry}). A merge whose every source segment has tables combines their buckets through the ordinal
 * maps ({@link LshMerger}): the random families are the same functions in every segment (same seed, same
 * parameters), so their keys are kept and no vector is hashed again; trained families (centred, PCA, fitted widths)
 * are fitted and hashed again on the merged vectors. A merge with a source searched exactly (too small for tables)
 * builds from scratch.
 */
final class LshFieldWriter {

    private LshFieldWriter() {}

    static LshFieldEntry write(FieldBuild build, LshParameters params) throws IOException {
        LshIndex index;
        try {
            List<LshMerger.Source> sources = build.merge() == null ? null : sources(build.merge());
            index = sources == null
                ? LshBuilder.build(build.vectors(), build.metric(), params, build.monitor())
                : LshMerger.merge(params, build.metric(), sources, build.vectors(), build.monitor());
            if (sources != null) {
                build.merge().markSeeded();
                build.monitor().phase("combined the buckets of the merged segments");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        IndexOutput out = build.data();
        long start = out.getFilePointer();
        float[][] states = index.functions().states();
        int[] stateLengths = new int[states.length];
        for (int e = 0; e < states.length; e++) {
            stateLengths[e] = states[e].length;
            BlockWrites.writeFloats(out, states[e]);
        }
        LshTables tables = index.tables();
        for (int t = 0; t < tables.tableCount(); t++) {
            BlockWrites.writeInts(out, tables.directories()[t]);
            BlockWrites.writeInts(out, tables.keys()[t]);
            BlockWrites.writeInts(out, tables.ords()[t]);
        }
        LshFieldEntry entry = new LshFieldEntry(index.parameters(), tables.size(), build.dims(), stateLengths, tables.resolutions().clone(),
            tables.directoryBits().clone());
        BlockWrites.checkWritten(out.getFilePointer() - start, entry.expectedLength());
        return entry;
    }

    /** Every source's tables with its ordinal map, or {@code null} when a source that had vectors has no tables. */
    private static List<LshMerger.Source> sources(MergeSources merge) throws IOException {
        MergedOrdinals ordinals = merge.ordinals();
        List<LshMerger.Source> sources = new ArrayList<>();
        for (int s = 0; s < ordinals.sourceCount(); s++) {
            int size = ordinals.sourceSize(s);
            if (size == 0) {
                continue;
            }
            MethodField field = merge.field(s);
            if (field instanceof LshFieldReader == false || ((LshFieldReader) field).entry().size() != size) {
                return null;
            }
            LshFieldReader reader = (LshFieldReader) field;
            int[] ordMap = new int[size];
            for (int ord = 0; ord < size; ord++) {
                ordMap[ord] = ordinals.mergedOrd(s, ord);
            }
            sources.add(new LshMerger.Source(reader.entry().params(), reader.tables(), ordMap));
        }
        return sources;
    }
}
