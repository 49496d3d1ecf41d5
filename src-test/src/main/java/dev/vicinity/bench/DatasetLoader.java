package dev.vicinity.bench;

import dev.vicinity.data.Fvecs;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a benchmark dataset from either layout:
 *
 * <ul>
 *   <li>a directory in the layout of {@code ../shared/data}: {@code base.fvecs[.gz]}, {@code query.fvecs[.gz]} and
 *       optionally {@code groundtruth.ivecs[.gz]}; the metric is the directory name's last dash-separated word
 *       ({@code ...-euclidean}, {@code ...-angular});
 *   <li>an ann-benchmarks HDF5 file: datasets {@code train}, {@code test}, optionally {@code neighbors} (and
 *       {@code distances}, ignored: distances are always re-measured with the metric), the metric in the root
 *       attribute {@code distance}.
 * </ul>
 *
 * {@code angular} means the {@code cosine} metric ({@code 1 - cos}); other words are metric names.
 */
final class DatasetLoader {

    private DatasetLoader() {}

    /** @param metricOverride a metric name that replaces the one the dataset declares, or {@code null} */
    static dev.vicinity.bench.Dataset load(Path path, String metricOverride) throws IOException {
        if (Files.isDirectory(path)) {
            return loadFvecsDirectory(path, metricOverride);
        }
        if (Files.isRegularFile(path)) {
            return loadHdf5(path, metricOverride);
        }
        throw new IllegalArgumentException("[--dataset] [" + path + "] is neither a directory nor a file");
    }

    private static dev.vicinity.bench.Dataset loadFvecsDirectory(Path dir, String metricOverride) throws IOException {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        String declared = name.substring(name.lastIndexOf('-') + 1);
        Metric metric = metric(metricOverride != null ? metricOverride : declared, "directory name [" + name + "]");
        float[][] base = Fvecs.readFloats(find(dir, "base.fvecs", true));
        float[][] queries = Fvecs.readFloats(find(dir, "query.fvecs", true));
        Path truth = find(dir, "groundtruth.ivecs", false);
        int[][] neighbors = truth == null ? null : Fvecs.readInts(truth);
        return checked(new dev.vicinity.bench.Dataset(name, metric, base, queries, neighbors));
    }

    private static Path find(Path dir, String file, boolean required) {
        for (String candidate : new String[] {file, file + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        if (required) {
            throw new IllegalArgumentException("[--dataset] directory [" + dir + "] has no [" + file + "] or [" + file + ".gz]");
        }
        return null;
    }

    private static dev.vicinity.bench.Dataset loadHdf5(Path file, String metricOverride) {
        try (HdfFile hdf = new HdfFile(file)) {
            String declared = null;
            Attribute distance = hdf.getAttribute("distance");
            if (distance != null) {
                Object data = distance.getData();
                declared = data instanceof String[] array ? array[0] : String.valueOf(data);
            }
            if (metricOverride == null && declared == null) {
                throw new IllegalArgumentException("[" + file + "] has no [distance] attribute: give the metric with [--metric]");
            }
            Metric metric = metric(metricOverride != null ? metricOverride : declared, "attribute [distance] of [" + file + "]");
            float[][] base = floats(hdf, "train", file);
            float[][] queries = floats(hdf, "test", file);
            int[][] neighbors = hdf.getChildren().containsKey("neighbors") ? ints(hdf, "neighbors", file) : null;
            String name = file.getFileName().toString().replaceFirst("\\.hdf5$|\\.h5$", "");
            return checked(new dev.vicinity.bench.Dataset(name, metric, base, queries, neighbors));
        }
    }

    private static Object data(HdfFile hdf, String name, Path file) {
        Node node = hdf.getChildren().get(name);
        if (node instanceof Dataset dataset) {
            return dataset.getData();
        }
        throw new IllegalArgumentException("[" + file + "] has no dataset [" + name + "]");
    }

    private static float[][] floats(HdfFile hdf, String name, Path file) {
        Object data = data(hdf, name, file);
        if (data instanceof float[][] f) {
            return f;
        }
        if (data instanceof double[][] d) {
            float[][] f = new float[d.length][];
            for (int i = 0; i < d.length; i++) {
                f[i] = new float[d[i].length];
                for (int j = 0; j < d[i].length; j++) {
                    f[i][j] = (float) d[i][j];
                }
            }
            return f;
        }
        if (data instanceof int[][] ints) { // some ann-benchmarks sets store integer features
            float[][] f = new float[ints.length][];
            for (int i = 0; i < ints.length; i++) {
                f[i] = new float[ints[i].length];
                for (int j = 0; j < ints[i].length; j++) {
                    f[i][j] = ints[i][j];
                }
            }
            return f;
        }
        throw new IllegalArgumentException("[" + file + "] dataset [" + name + "] must be a 2-d float array but is [" + data.getClass().getSimpleName() + "]");
    }

    private static int[][] ints(HdfFile hdf, String name, Path file) {
        Object data = data(hdf, name, file);
        if (data instanceof int[][] i) {
            return i;
        }
        if (data instanceof long[][] l) {
            return Arrays.stream(l).map(row -> Arrays.stream(row).mapToInt(Math::toIntExact).toArray()).toArray(int[][]::new);
        }
        throw new IllegalArgumentException("[" + file + "] dataset [" + name + "] must be a 2-d integer array but is [" + data.getClass().getSimpleName() + "]");
    }

    private static Metric metric(String name, String source) {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            return Metrics.byName(lower.equals("angular") ? "cosine" : lower, Float.NaN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot take the metric from " + source + ": " + e.getMessage() + " (or [angular]); use [--metric]");
        }
    }

    private static dev.vicinity.bench.Dataset checked(dev.vicinity.bench.Dataset d) {
        if (d.base().length == 0 || d.queries().length == 0) {
            throw new IllegalArgumentException("dataset [" + d.name() + "] has [" + d.base().length + "] base vectors and ["
                + d.queries().length + "] queries; both must be non-empty");
        }
        if (d.queries()[0].length != d.dims()) {
            throw new IllegalArgumentException("dataset [" + d.name() + "] has [" + d.dims() + "]-d base vectors but ["
                + d.queries()[0].length + "]-d queries");
        }
        if (d.neighbors() != null && d.neighbors().length != d.queries().length) {
            throw new IllegalArgumentException("dataset [" + d.name() + "] has [" + d.queries().length + "] queries but ground truth for ["
                + d.neighbors().length + "]");
        }
        return d;
    }
}
