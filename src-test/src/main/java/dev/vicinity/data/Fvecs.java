package dev.vicinity.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the TEXMEX {@code .fvecs} / {@code .ivecs} layout used by {@code ../shared/data} and ANN benchmarks:
 * per vector a little-endian int32 dimension {@code d}, then {@code d} little-endian float32 (or int32) values.
 * Files ending in {@code .gz} are decompressed on the fly.
 */
public final class Fvecs {

    private Fvecs() {}

    /** All float vectors of {@code file}. */
    public static float[][] readFloats(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readFloats(in, file.getFileName().toString());
        }
    }

    /** All float vectors of {@code in}; {@code name} (a file name) tells whether it is gzipped and names it in errors. */
    public static float[][] readFloats(InputStream in, String name) throws IOException {
        List<float[]> vectors = new ArrayList<>();
        read(in, name, (dims, values) -> {
            float[] v = new float[dims];
            values.asFloatBuffer().get(v);
            vectors.add(v);
        });
        return vectors.toArray(new float[0][]);
    }

    /** All int vectors of {@code file} (ground-truth neighbour lists). */
    public static int[][] readInts(Path file) throws IOException {
        List<int[]> vectors = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            read(in, file.getFileName().toString(), (dims, values) -> {
                int[] v = new int[dims];
                values.asIntBuffer().get(v);
                vectors.add(v);
            });
        }
        return vectors.toArray(new int[0][]);
    }

    private interface VectorSink {
        void accept(int dims, ByteBuffer values);
    }

    private static void read(InputStream raw, String name, VectorSink sink) throws IOException {
        InputStream in = new BufferedInputStream(name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        int expectedDims = -1;
        for (int index = 0; ; index++) {
            int first = data.read();
            if (first < 0) {
                return;
            }
            header[0] = (byte) first;
            data.readFully(header, 1, 3);
            int dims = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (dims <= 0 || (expectedDims != -1 && dims != expectedDims)) {
                throw new IOException("[" + name + "] vector [" + index + "] has dimension [" + dims + "]"
                    + (expectedDims == -1 ? "" : " but earlier vectors have [" + expectedDims + "]"));
            }
            expectedDims = dims;
            byte[] values = new byte[dims * 4];
            try {
                data.readFully(values);
            } catch (EOFException e) {
                throw new IOException("[" + name + "] is truncated inside vector [" + index + "]", e);
            }
            sink.accept(dims, ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN));
        }
    }
}
