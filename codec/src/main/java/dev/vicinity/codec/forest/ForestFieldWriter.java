package dev.vicinity.codec.forest;

import dev.vicinity.codec.BlockWrites;
import dev.vicinity.codec.FieldBuild;
import dev.vicinity.forest.Forest;
import dev.vicinity.forest.ForestBuilder;
import dev.vicinity.forest.ForestParameters;

import org.apache.lucene.store.IndexOutput;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds a {@code forest} field of a segment being flushed or merged and writes its block (layout on
 * {@link ForestFieldEntry}). Merges build the merged segment's forest from its vectors: trees cannot take in the
 * other sources' points without being rebuilt, and a build reads each vector once per level for all trees at once.
 */
final class ForestFieldWriter {

    private ForestFieldWriter() {}

    static ForestFieldEntry write(FieldBuild build, ForestParameters params) throws IOException {
        Forest forest;
        try {
            forest = ForestBuilder.build(build.vectors(), build.metric(), params, build.monitor());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        IndexOutput out = build.data();
        long start = out.getFilePointer();
        BlockWrites.writeInts(out, forest.roots());
        BlockWrites.writeInts(out, forest.children());
        for (float[] row : forest.planes()) {
            BlockWrites.writeFloats(out, row);
        }
        BlockWrites.writeInts(out, forest.leafBounds());
        BlockWrites.writeInts(out, forest.points());
        ForestFieldEntry entry = ForestFieldEntry.of(params, forest);
        BlockWrites.checkWritten(out.getFilePointer() - start, entry.expectedLength());
        return entry;
    }
}
