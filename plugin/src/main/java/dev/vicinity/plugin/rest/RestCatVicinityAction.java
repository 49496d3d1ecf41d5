package dev.vicinity.plugin.rest;

import dev.vicinity.plugin.stats.FieldStats;
import dev.vicinity.plugin.stats.IndexStats;
import dev.vicinity.plugin.stats.TransportVicinityStatsAction;
import dev.vicinity.plugin.stats.VicinityStatsNodeResponse;
import dev.vicinity.plugin.stats.VicinityStatsRequest;
import dev.vicinity.plugin.stats.VicinityStatsResponse;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.Table;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.action.RestCancellableNodeClient;
import org.elasticsearch.rest.action.RestResponseListener;
import org.elasticsearch.rest.action.cat.AbstractCatAction;
import org.elasticsearch.rest.action.cat.RestTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /_cat/vicinity} and {@code GET /_cat/vicinity/{index}}: {@code _vicinity/stats} as a table, one row per
 * node, index and {@code vicinity_vector} field, with the {@code _cat} parameters ({@code v}, {@code h}, {@code help},
 * {@code s}, {@code format}, {@code bytes}, {@code time}). Unlike Elasticsearch's own {@code _cat} APIs, which skip an
 * unknown column in {@code h}, an unknown column in {@code h} or {@code s} is a 400 naming it.
 */
public final class RestCatVicinityAction extends AbstractCatAction {

    @Override
    public String getName() {
        return "cat_vicinity_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/_cat/vicinity"), new Route(RestRequest.Method.GET, "/_cat/vicinity/{index}"));
    }

    @Override
    protected void documentation(StringBuilder sb) {
        sb.append("/_cat/vicinity\n");
        sb.append("/_cat/vicinity/{index}\n");
    }

    @Override
    protected RestChannelConsumer doCatRequest(RestRequest restRequest, NodeClient client) {
        checkColumns(restRequest, getTableWithHeader(restRequest));
        VicinityStatsRequest request = RestVicinityStatsAction.request(restRequest);
        return channel -> new RestCancellableNodeClient(client, restRequest.getHttpChannel()).execute(TransportVicinityStatsAction.TYPE, request,
            new RestResponseListener<>(channel) {
                @Override
                public RestResponse buildResponse(VicinityStatsResponse response) throws Exception {
                    return RestTable.buildResponse(table(restRequest, response), channel);
                }
            });
    }

    @Override
    protected Table getTableWithHeader(RestRequest request) {
        return new Table().startHeaders()
            .addCell("node", "alias:n;desc:node name")
            .addCell("id", "default:false;desc:node id")
            .addCell("index", "alias:i;desc:index name")
            .addCell("field", "alias:f;desc:vicinity_vector field")
            .addCell("method", "alias:m;desc:index method")
            .addCell("shards", "default:false;alias:sh;text-align:right;desc:shard copies on the node")
            .addCell("vectors", "alias:vc;text-align:right;desc:vectors in the node's copies (deleted ones until merged)")
            .addCell("segments", "alias:sc;text-align:right;desc:segments with vectors of the field")
            .addCell("segments.structure", "alias:ss;text-align:right;desc:segments searched through a structure")
            .addCell("segments.exact", "alias:se;text-align:right;desc:segments searched exactly")
            .addCell("off_heap.vec", "alias:vec;text-align:right;desc:raw vectors read off-heap (.vec)")
            .addCell("off_heap.vex", "alias:vex;text-align:right;desc:structures read off-heap (.vex)")
            .addCell("off_heap.total", "default:false;alias:oh;text-align:right;desc:everything read off-heap")
            .addCell("heap", "alias:hp;text-align:right;desc:heap the segment readers hold for the field")
            .addCell("flush.total", "alias:ft;text-align:right;desc:structures built at flush")
            .addCell("flush.time", "default:false;alias:ftt;text-align:right;desc:time building structures at flush")
            .addCell("merge.total", "alias:mt;text-align:right;desc:structures built at merge")
            .addCell("merge.seeded", "alias:ms;text-align:right;desc:merges seeded from the merged segments' structures")
            .addCell("merge.scratch", "default:false;alias:msc;text-align:right;desc:merges built from scratch")
            .addCell("merge.time", "default:false;alias:mtt;text-align:right;desc:time building structures at merge")
            .addCell("query.total", "alias:qt;text-align:right;desc:vicinity_knn searches of the node's copies")
            .addCell("query.time", "default:false;alias:qtt;text-align:right;desc:their total time")
            .addCell("query.mean", "alias:qm;text-align:right;desc:their mean time")
            .endHeaders();
    }

    private Table table(RestRequest request, VicinityStatsResponse response) {
        Table table = getTableWithHeader(request);
        for (VicinityStatsNodeResponse node : response.getNodes()) {
            for (IndexStats index : node.indices()) {
                for (Map.Entry<String, FieldStats> entry : index.fields().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                    FieldStats field = entry.getValue();
                    table.startRow();
                    table.addCell(node.getNode().getName());
                    table.addCell(node.getNode().getId());
                    table.addCell(index.name());
                    table.addCell(entry.getKey());
                    table.addCell(field.method().type());
                    table.addCell(index.shards());
                    table.addCell(field.segments().vectors());
                    table.addCell(field.segments().segments());
                    table.addCell(field.segments().structured());
                    table.addCell(field.segments().exact());
                    table.addCell(ByteSizeValue.ofBytes(field.segments().offHeapBytes().getOrDefault("vec", 0L)));
                    table.addCell(ByteSizeValue.ofBytes(field.segments().offHeapBytes().getOrDefault("vex", 0L)));
                    table.addCell(ByteSizeValue.ofBytes(field.segments().offHeapTotal()));
                    table.addCell(ByteSizeValue.ofBytes(field.segments().heapBytes()));
                    table.addCell(field.counts().flushes().count());
                    table.addCell(TimeValue.timeValueNanos(field.counts().flushes().nanos()));
                    table.addCell(field.counts().merges().count());
                    table.addCell(field.counts().seededMerges().count());
                    table.addCell(field.counts().scratchMerges().count());
                    table.addCell(TimeValue.timeValueNanos(field.counts().merges().nanos()));
                    table.addCell(field.counts().queries());
                    table.addCell(TimeValue.timeValueNanos(field.counts().queryNanos()));
                    table.addCell(new TimeValue(field.queryMeanMicros(), TimeUnit.MICROSECONDS));
                    table.endRow();
                }
            }
        }
        return table;
    }

    /** Every column {@code h} and {@code s} name must exist (a wildcard must match one); otherwise a 400 naming it. */
    private static void checkColumns(RestRequest request, Table table) {
        List<String> known = new ArrayList<>();
        for (Table.Cell header : table.getHeaders()) {
            known.add(header.value.toString());
            String aliases = header.attr.get("alias");
            if (aliases != null) {
                known.addAll(List.of(Strings.splitStringByCommaToArray(aliases)));
            }
        }
        for (String column : Strings.splitStringByCommaToArray(request.param("h"))) {
            if (known.stream().noneMatch(name -> Regex.simpleMatch(column, name))) {
                throw unknownColumn("h", column, table);
            }
        }
        for (String sort : Strings.splitStringByCommaToArray(request.param("s"))) {
            String column = sort.endsWith(":asc") || sort.endsWith(":desc") ? sort.substring(0, sort.lastIndexOf(':')) : sort;
            if (known.contains(column) == false) {
                throw unknownColumn("s", column, table);
            }
        }
    }

    private static IllegalArgumentException unknownColumn(String parameter, String column, Table table) {
        return new IllegalArgumentException("[" + parameter + "] names unknown column [" + column + "]; the columns are "
            + table.getHeaders().stream().map(h -> h.value.toString()).toList() + " (see ?help)");
    }
}
