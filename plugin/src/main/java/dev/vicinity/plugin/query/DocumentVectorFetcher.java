package dev.vicinity.plugin.query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.xcontent.support.XContentMapValues;

import java.util.List;

/** Fetches the vector a {@link VectorReference} points at, from the referenced document's source. */
final class DocumentVectorFetcher {

    private DocumentVectorFetcher() {}

    static void fetch(Client client, String index, String id, String routing, String field, ActionListener<float[]> listener) {
        GetRequest request = new GetRequest(index, id).routing(routing).preference("_local").fetchSourceContext(
            org.elasticsearch.search.fetch.subphase.FetchSourceContext.of(true, new String[] { field }, null));
        client.get(request, listener.map(response -> {
            if (response.isExists() == false) {
                throw new IllegalArgumentException("[" + VicinityKnnQueryBuilder.NAME + "] [vector] refers to document [" + id
                    + "] of index [" + index + "]" + (routing == null ? "" : " with routing [" + routing + "]") + ", which does not exist"
                    + (routing == null ? " (a document indexed with a custom routing needs [vector.routing])" : ""));
            }
            Object value = response.isSourceEmpty() ? null : XContentMapValues.extractValue(field, response.getSourceAsMap());
            if (!(value instanceof List<?> list) || list.stream().allMatch(Number.class::isInstance) == false) {
                throw new IllegalArgumentException("[" + VicinityKnnQueryBuilder.NAME + "] [vector] refers to document [" + id
                    + "] of index [" + index + "], which has no vector in field [" + field + "]");
            }
            float[] vector = new float[list.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = ((Number) list.get(i)).floatValue();
            }
            return vector;
        }));
    }
}
