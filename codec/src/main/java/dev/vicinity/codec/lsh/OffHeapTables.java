package dev.vicinity.codec.lsh;

import dev.vicinity.lsh.TableAccess;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tables of an {@code lsh} block, read in place from the (memory-mapped) data file: a probe reads one or two
 * directory entries and one contiguous run of ordinals. Directory positions and ordinals read are checked against the
 * counts, so damaged bytes surface as a {@link CorruptIndexException} naming the file. One instance per searching
 * thread (the ordinal inputs keep a file pointer).
 */
final class OffHeapTables implements TableAccess {

    private final LshFieldEntry entry;
    private final IndexInput block;
    private final RandomAccessInput[] directories;
    private final RandomAccessInput[] keys;
    private final IndexInput[] ords;

    OffHeapTables(LshFieldEntry entry, IndexInput block) throws IOException {
        this.entry = entry;
        this.block = block;
        int tables = entry.tableCount();
        directories = new RandomAccessInput[tables];
        keys = new RandomAccessInput[tables];
        ords = new IndexInput[tables];
        long n = entry.size();
        for (int t = 0; t < tables; t++) {
            long start = entry.directoryStart(t);
            long directoryLength = entry.directoryLength(t);
            directories[t] = block.randomAccessSlice(start, directoryLength);
            keys[t] = block.randomAccessSlice(start + directoryLength, 4L * n);
            ords[t] = block.slice("lsh-ords", start + directoryLength + 4L * n, 4L * n);
        }
    }

    @Override
    public int tableCount() {
        return entry.tableCount();
    }

    @Override
    public int size() {
        return entry.size();
    }

    @Override
    public int resolution(int table) {
        return entry.resolutions()[table];
    }

    @Override
    public int directoryBits(int table) {
        return entry.directoryBits()[table];
    }

    @Override
    public int directory(int table, int slot) {
        int position = read(directories[table], 4L * slot);
        if (position < 0 || position > entry.size()) {
            throw corrupt("table [" + table + "] directory slot [" + slot + "] points at [" + position + "] of [" + entry.size() + "]");
        }
        return position;
    }

    @Override
    public int key(int table, int position) {
        return read(keys[table], 4L * position);
    }

    @Override
    public int ord(int table, int position) {
        try {
            ords[table].seek(4L * position);
            return check(ords[table].readInt(), table, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void ords(int table, int from, int to, int[] into, int at) {
        try {
            ords[table].seek(4L * from);
            ords[table].readInts(into, at, to - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = at; i < at + to - from; i++) {
            check(into[i], table, from + i - at);
        }
    }

    private int check(int ord, int table, int position) {
        if (ord < 0 || ord >= entry.size()) {
            throw corrupt("table [" + table + "] position [" + position + "] holds vector [" + ord + "] of [" + entry.size() + "]");
        }
        return ord;
    }

    private static int read(RandomAccessInput in, long offset) {
        try {
            return in.readInt(offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UncheckedIOException corrupt(String message) {
        return new UncheckedIOException(new CorruptIndexException("lsh: " + message, block));
    }
}
