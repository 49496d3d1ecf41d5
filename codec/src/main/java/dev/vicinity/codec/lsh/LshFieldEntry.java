package dev.vicinity.codec.lsh;

import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.lsh.LshParameters;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code lsh} part of a field's meta entry (method layout version {@value LshMethod#VERSION_CURRENT}) and the layout
 * of its block in the data file. Writing and reading live side by side so the two cannot drift apart.
 *
 * <h2>Meta entry</h2>
 * <ul>
 *   <li>the resolved parameters ({@code LshParameters.toMap()}: every value the build used, seeds included, so a later
 *       change of defaults cannot change how this segment hashes): <b>[vint]</b> count {@code p} (at most 256), then
 *       {@code p} times <b>[vint]</b> name length, <b>[bytes]</b> UTF-8 name, <b>[vint]</b> value length,
 *       <b>[bytes]</b> UTF-8 value (each at most 256 bytes), sorted by name
 *   <li><b>[vint]</b> hashes entry count {@code E}, then per entry <b>[vint]</b> the length of its state (floats: the
 *       centre, the principal components, a fitted bin width; 0 for purely random entries)
 *   <li><b>[vint]</b> table count {@code T}, then per table <b>[byte]</b> its resolution (key bits per bucket, 0 to
 *       32) and <b>[byte]</b> its directory bits {@code b} (0 to the resolution)
 * </ul>
 *
 * <h2>Block</h2>
 * <p>All little-endian, without padding, over the segment's {@code n} vectors:
 * <ol>
 *   <li>hash states, float32, entry after entry, each of its length
 *   <li>per table, table after table: directory, int32 × {@code (2^b + 1)}, the first position of each {@code b}-bit
 *       key prefix (the last is {@code n}); keys, int32 × {@code n}, ascending as unsigned; ordinals, int32 ×
 *       {@code n}, the vector at each position, ascending among equal keys. A probe reads the directory, then one
 *       contiguous run of ordinals.
 * </ol>
 */
record LshFieldEntry(LshParameters params, int size, int dims, int[] stateLengths, int[] resolutions, int[] directoryBits) implements MethodEntry {

    static final int MAX_PARAMS = 256;
    static final int MAX_STRING_BYTES = 256;

    int tableCount() {
        return resolutions.length;
    }

    long statesLength() {
        long floats = 0;
        for (int length : stateLengths) {
            floats += length;
        }
        return 4L * floats;
    }

    long directoryStart(int table) {
        long offset = statesLength();
        for (int t = 0; t < table; t++) {
            offset += tableLength(t);
        }
        return offset;
    }

    long directoryLength(int table) {
        return 4L * ((1L << directoryBits[table]) + 1);
    }

    long tableLength(int table) {
        return directoryLength(table) + 8L * size;
    }

    long expectedLength() {
        return directoryStart(tableCount());
    }

    @Override
    public void write(DataOutput out) throws IOException {
        Map<String, String> map = params.toMap();
        out.writeVInt(map.size());
        for (Map.Entry<String, String> param : new TreeMap<>(map).entrySet()) {
            writeString(out, param.getKey());
            writeString(out, param.getValue());
        }
        out.writeVInt(stateLengths.length);
        for (int length : stateLengths) {
            out.writeVInt(length);
        }
        out.writeVInt(resolutions.length);
        for (int t = 0; t < resolutions.length; t++) {
            out.writeByte((byte) resolutions[t]);
            out.writeByte((byte) directoryBits[t]);
        }
    }

    /**
     * Reads and checks the entry of a field of {@code size} vectors whose block is {@code blockLength} bytes.
     *
     * @throws CorruptIndexException when a value is out of range, the parameters do not parse, or the counts do not
     *     match the block
     */
    static LshFieldEntry read(IndexInput in, FieldMeta field, int size, long blockLength) throws IOException {
        String name = field.info().name;
        int count = in.readVInt();
        if (count < 0 || count > MAX_PARAMS) {
            throw new CorruptIndexException("field [" + name + "] has an invalid lsh parameter count [" + count + "]", in);
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            map.put(readString(in), readString(in));
        }
        LshParameters params;
        try {
            params = LshParameters.parse(map, field.metric());
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + name + "]: " + e.getMessage(), in, e);
        }
        int entries = in.readVInt();
        if (entries != params.hashes().size()) {
            throw new CorruptIndexException("field [" + name + "] has [" + entries + "] hash states for [" + params.hashes().size() + "] entries", in);
        }
        int[] stateLengths = new int[entries];
        for (int e = 0; e < entries; e++) {
            stateLengths[e] = in.readVInt();
            // the largest state: a mean and as many components as dimensions, plus a width
            if (stateLengths[e] < 0 || stateLengths[e] > (long) (field.dims() + 1) * field.dims() + 1) {
                throw new CorruptIndexException("field [" + name + "] has a hash state of [" + stateLengths[e] + "] floats", in);
            }
        }
        int tables = in.readVInt();
        if (tables != params.tableCount()) {
            throw new CorruptIndexException("field [" + name + "] has [" + tables + "] tables but its parameters make [" + params.tableCount() + "]", in);
        }
        int[] resolutions = new int[tables];
        int[] directoryBits = new int[tables];
        for (int t = 0; t < tables; t++) {
            resolutions[t] = in.readByte();
            directoryBits[t] = in.readByte();
            if (resolutions[t] < 0 || resolutions[t] > 32 || directoryBits[t] < 0 || directoryBits[t] > Math.min(resolutions[t], 30)) {
                throw new CorruptIndexException("field [" + name + "] table [" + t + "] has resolution [" + resolutions[t] + "] and directory bits ["
                    + directoryBits[t] + "]", in);
            }
        }
        LshFieldEntry entry = new LshFieldEntry(params, size, field.dims(), stateLengths, resolutions, directoryBits);
        if (size < 1 || entry.expectedLength() != blockLength) {
            throw new CorruptIndexException("field [" + name + "] has an lsh block of [" + blockLength + "] bytes but its counts need ["
                + entry.expectedLength() + "]", in);
        }
        return entry;
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("lsh parameter [" + value + "] is longer than [" + MAX_STRING_BYTES + "] bytes");
        }
        out.writeVInt(bytes.length);
        out.writeBytes(bytes, bytes.length);
    }

    private static String readString(IndexInput in) throws IOException {
        int length = in.readVInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new CorruptIndexException("invalid lsh parameter length [" + length + "]", in);
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
