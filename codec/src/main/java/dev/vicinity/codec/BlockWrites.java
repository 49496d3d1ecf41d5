package dev.vicinity.codec;

import org.apache.lucene.store.DataOutput;

import java.io.IOException;

/**
 * Writing a method's block into the data file: arrays as little-endian int32 and float32 (the layouts every
 * {@code *FieldEntry} documents, read back with {@code IndexInput.readInts/readFloats}), and the check that what was
 * written is what the entry describes, so a writer and its entry cannot drift apart unnoticed.
 */
public final class BlockWrites {

    private BlockWrites() {}

    public static void writeInts(DataOutput out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    public static void writeFloats(DataOutput out, float[] values) throws IOException {
        for (float f : values) {
            out.writeInt(Float.floatToIntBits(f));
        }
    }

    /**
     * @throws IllegalStateException when {@code written} bytes were written for an entry describing {@code expected}
     */
    public static void checkWritten(long written, long expected) {
        if (written != expected) {
            throw new IllegalStateException("wrote [" + written + "] bytes but the entry describes [" + expected + "]");
        }
    }
}
