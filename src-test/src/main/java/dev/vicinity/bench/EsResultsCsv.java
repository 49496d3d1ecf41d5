package dev.vicinity.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code results.csv} of {@code --via es}: one row per system, sweep point, filter and client count.
 * Parameter sets are written {@code name=value;name=value} as in the in-process bench's file; undefined numbers
 * ({@code NaN}, such as the force-merge time under {@code --no-merge}) are empty cells.
 */
final class EsResultsCsv {

    private EsResultsCsv() {}

    static String header(int k) {
        return "system,build_params,query_params,filter,filter_share,clients,queries_per_second,recall_at_" + k
            + ",p50_millis,p99_millis,node_cpu_millis_per_query,bulk_docs_per_second,refresh_seconds,force_merge_seconds,store_bytes,segments,"
            + "distance_ratio,precision,queries,k";
    }

    static String row(EsResult r) {
        EsResult.IndexFigures index = r.index();
        return String.join(",",
            ResultsCsv.cell(r.system()),
            ResultsCsv.cell(Params.format(r.buildParams())),
            ResultsCsv.cell(Params.format(r.queryParams())),
            r.filter(),
            ResultsCsv.number("%.4f", r.filterShare()),
            Integer.toString(r.clients()),
            ResultsCsv.number("%.1f", r.queriesPerSecond()),
            ResultsCsv.number("%.4f", r.recall()),
            ResultsCsv.number("%.3f", r.p50Millis()),
            ResultsCsv.number("%.3f", r.p99Millis()),
            ResultsCsv.number("%.3f", r.nodeCpuMillisPerQuery()),
            ResultsCsv.number("%.1f", index.bulkDocsPerSecond()),
            ResultsCsv.number("%.3f", index.refreshSeconds()),
            ResultsCsv.number("%.3f", index.forceMergeSeconds()),
            Long.toString(index.storeBytes()),
            Long.toString(index.segments()),
            ResultsCsv.number("%.4f", r.distanceRatio()),
            ResultsCsv.number("%.4f", r.precision()),
            Integer.toString(r.queries()),
            Integer.toString(r.k()));
    }

    static void write(Path file, int k, List<EsResult> results) throws IOException {
        ResultsCsv.write(file, header(k), results, EsResultsCsv::row);
    }
}
