package dev.vicinity.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes {@code results.csv}. The first eight columns are fixed ({@code recall_at_10} is {@code recall_at_<k>} when
 * {@code --k} is not 10); the ones after them may grow. Parameter sets are written {@code name=value;name=value}.
 * Undefined numbers ({@code NaN}) are empty cells.
 */
final class ResultsCsv {

    private ResultsCsv() {}

    static String header(int k) {
        return "method,build_params,query_params,build_seconds,index_bytes,queries_per_second,recall_at_" + k
            + ",distance_ratio,precision,relative_time,mean_query_millis,queries,k";
    }

    static String row(Result r) {
        return String.join(",",
            cell(r.method()),
            cell(Params.format(r.buildParams())),
            cell(Params.format(r.queryParams())),
            number("%.3f", r.buildSeconds()),
            Long.toString(r.indexBytes()),
            number("%.1f", r.queriesPerSecond()),
            number("%.4f", r.recall()),
            number("%.4f", r.distanceRatio()),
            number("%.4f", r.precision()),
            number("%.4f", r.relativeTime()),
            number("%.4f", r.meanQueryMillis()),
            Integer.toString(r.queries()),
            Integer.toString(r.k()));
    }

    static void write(Path file, int k, List<Result> results) throws IOException {
        write(file, header(k), results, ResultsCsv::row);
    }

    /** Writes {@code header} and one line per result, as {@code row} formats it (shared with the node bench's CSV). */
    static <T> void write(Path file, String header, List<T> results, Function<T, String> row) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (T r : results) {
                w.write(row.apply(r));
                w.write('\n');
            }
        }
    }

    /** A number in {@code format}, or an empty cell when it is undefined (NaN). */
    static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "";
    }

    /** A text cell, quoted when it holds a comma, a quote or a line break. */
    static String cell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
