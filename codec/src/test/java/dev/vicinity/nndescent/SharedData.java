package dev.vicinity.nndescent;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the datasets in {@code shared/data}: gzipped little-endian fvecs/ivecs (per vector an int32 count, then
 * that many float32 or int32 values). The directory is the system property {@code vicinity.shared.data} if set,
 * else {@code ../../shared/data} relative to the working directory, which Surefire sets to the codec module.
 */
public final class SharedData {

    private SharedData() {}

    public static Path dataset(String name) {
        String root = System.getProperty("vicinity.shared.data");
        Path base = root != null ? Path.of(root) : Path.of("..", "..", "shared", "data");
        return base.resolve(name);
    }

    /** A dataset's base vectors, its first queries and their ground truth. */
    public record Loaded(float[][] base, float[][] queries, int[][] truth) {}

    /**
     * Loads dataset {@code name} with its first {@code queries} queries.
     *
     * @throws IOException when the dataset is missing (naming where it was looked for) or unreadable
     */
    public static Loaded load(String name, int queries) throws IOException {
        Path dir = dataset(name);
        if (Files.isDirectory(dir) == false) {
            throw new IOException("dataset missing at " + dir.toAbsolutePath());
        }
        return new Loaded(fvecs(dir.resolve("base.fvecs.gz"), Integer.MAX_VALUE), fvecs(dir.resolve("query.fvecs.gz"), queries),
            ivecs(dir.resolve("groundtruth.ivecs.gz"), queries));
    }

    public static float[][] fvecs(Path file, int limit) throws IOException {
        int[][] bits = ivecs(file, limit); // the same layout: a little-endian int32 d, then d 32-bit values
        float[][] rows = new float[bits.length][];
        for (int r = 0; r < bits.length; r++) {
            rows[r] = new float[bits[r].length];
            for (int i = 0; i < bits[r].length; i++) {
                rows[r][i] = Float.intBitsToFloat(bits[r][i]);
            }
        }
        return rows;
    }

    public static int[][] ivecs(Path file, int limit) throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (DataInputStream in = open(file)) {
            while (rows.size() < limit) {
                int d;
                try {
                    d = Integer.reverseBytes(in.readInt());
                } catch (EOFException e) {
                    break;
                }
                int[] row = new int[d];
                for (int i = 0; i < d; i++) {
                    row[i] = Integer.reverseBytes(in.readInt());
                }
                rows.add(row);
            }
        }
        return rows.toArray(new int[0][]);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }
}
