package dev.vicinity.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A filter the sweeps of {@code --via es} run under, by {@code --filter} name: {@code none}; {@code mod10} and
 * {@code mod100}, which accept every 10th and 100th row whatever its vector (fields {@code mod10 = row % 10} and
 * {@code mod100 = row % 100}, indexed with every document); and {@code cluster}, which follows the data: one k-means
 * cluster of the vectors ({@link KMeans}, field {@code cluster}). Every system gets the same filter as a query in its
 * own filter parameter, and the ground truth is the exact nearest neighbours among the accepted rows.
 *
 * @param name the {@code --filter} name
 * @param query the filter as a JSON query, {@code null} for {@code none}
 * @param acceptedRows the rows it accepts, ascending
 */
record BenchFilter(String name, String query, int[] acceptedRows) {

    static final List<String> NAMES = List.of("none", "mod10", "mod100", "cluster");

    /** A {@code --filter} list: names from {@link #NAMES}, or {@code all} for every one of them. */
    static List<String> parseNames(String value) {
        List<String> names = new ArrayList<>();
        for (String token : value.split(",")) {
            String name = token.trim();
            if (name.equals("all")) {
                NAMES.stream().filter(n -> names.contains(n) == false).forEach(names::add);
            } else if (NAMES.contains(name) == false) {
                throw new BenchOptions.UsageException("unknown filter [" + name + "] in [--filter], expected [all] or some of " + NAMES);
            } else if (names.contains(name)) {
                throw new BenchOptions.UsageException("filter [" + name + "] is listed twice in [--filter]");
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The filter of {@code name} over {@code rows} documents.
     *
     * @param cluster the chosen cluster, needed by {@code cluster} only
     */
    static BenchFilter of(String name, int rows, KMeans.Choice cluster) {
        return switch (name) {
            case "none" -> new BenchFilter(name, null, IntStream.range(0, rows).toArray());
            case "mod10" -> everyNth(name, 10, rows);
            case "mod100" -> everyNth(name, 100, rows);
            case "cluster" -> new BenchFilter(name, "{\"term\":{\"cluster\":" + cluster.cluster() + "}}",
                IntStream.range(0, rows).filter(row -> cluster.assignment()[row] == cluster.cluster()).toArray());
            default -> throw new IllegalArgumentException("unknown filter [" + name + "]");
        };
    }

    private static BenchFilter everyNth(String name, int n, int rows) {
        return new BenchFilter(name, "{\"term\":{\"" + name + "\":0}}", IntStream.range(0, rows).filter(row -> row % n == 0).toArray());
    }

    /** The share of the documents it accepts. */
    double fraction(int rows) {
        return (double) acceptedRows.length / rows;
    }

    /** For progress lines: {@code mod10 (10.0% of the documents)}. */
    String describe(int rows) {
        return String.format(Locale.ROOT, "%s (%.1f%% of the documents)", name, 100 * fraction(rows));
    }

    /**
     * The fields a document of {@code row} carries for the filters, as JSON members (without braces).
     *
     * @param cluster the k-means choice when the {@code cluster} filter runs, else {@code null} (no field)
     */
    static String documentFields(int row, KMeans.Choice cluster) {
        String fields = "\"row\":" + row + ",\"mod10\":" + (row % 10) + ",\"mod100\":" + (row % 100);
        return cluster == null ? fields : fields + ",\"cluster\":" + cluster.assignment()[row];
    }

    /** The mappings of those fields, as JSON members. */
    static String fieldMappings(boolean withCluster) {
        String fields = "\"row\":{\"type\":\"integer\"},\"mod10\":{\"type\":\"integer\"},\"mod100\":{\"type\":\"integer\"}";
        return withCluster ? fields + ",\"cluster\":{\"type\":\"integer\"}" : fields;
    }
}
