package dev.vicinity.plugin.query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.xcontent.support.XContentMapValues;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.fetch.subphase.FetchSourceContext;

import java.util.List;

/**
 * Fetches the vector a {@link VectorReference} points at: from the referenced document's {@code _source} by a
 * real-time get, or, when {@code _source} leaves the vector out, from the index through a search's {@code fields}
 * (which sees the document once it has been refreshed).
 */
final class DocumentVectorFetcher {

    private DocumentVectorFetcher() {}

    static void fetch(Client client, String index, String id, String routing, String field, ActionListener<float[]> listener) {
        GetRequest request = new GetRequest(index, id).routing(routing).preference("_local").fetchSourceContext(
            FetchSourceContext.of(true, new String[] { field }, null));
        client.get(request, listener.delegateFailureAndWrap((l, response) -> {
            if (response.isExists() == false) {
                throw new IllegalArgumentException(prefix(index, id) + (routing == null ? "" : " with routing [" + routing + "]")
                    + ", which does not exist" + (routing == null ? " (a document indexed with a custom routing needs [vector.routing])" : ""));
            }
            Object value = response.isSourceEmpty() ? null : XContentMapValues.extractValue(field, response.getSourceAsMap());
            if (value == null) {
                fetchIndexed(client, index, id, routing, field, l);
            } else {
                l.onResponse(vector(value, index, id, field));
            }
        }));
    }

    /** The vector as the index holds it, for a document whose {@code _source} excludes it. */
    private static void fetchIndexed(Client client, String index, String id, String routing, String field, ActionListener<float[]> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.idsQuery().addIds(id)).size(1).fetchSource(false).fetchField(field);
        client.search(new SearchRequest(index).routing(routing).source(source), listener.delegateFailureAndWrap((l, response) -> {
            SearchHit[] hits = response.getHits().getHits();
            DocumentField indexed = hits.length == 0 ? null : hits[0].field(field);
            if (indexed == null) {
                throw new IllegalArgumentException(prefix(index, id) + ", which has no vector in field [" + field + "]"
                    + (hits.length == 0 ? " (its _source leaves the field out, and it is not searchable before a refresh)" : ""));
            }
            l.onResponse(vector(indexed.getValues(), index, id, field));
        }));
    }

    private static float[] vector(Object value, String index, String id, String field) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.stream().allMatch(Number.class::isInstance) == false) {
            throw new IllegalArgumentException(prefix(index, id) + ", which has no vector in field [" + field + "]");
        }
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) list.get(i)).floatValue();
        }
        return vector;
    }

    private static String prefix(String index, String id) {
        return "[" + VicinityKnnQueryBuilder.NAME + "] [vector] refers to document [" + id + "] of index [" + index + "]";
    }
}
