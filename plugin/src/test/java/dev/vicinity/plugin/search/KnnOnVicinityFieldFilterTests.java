package dev.vicinity.plugin.search;

import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.vectors.KnnSearchBuilder;
import org.elasticsearch.search.vectors.KnnVectorQueryBuilder;
import org.elasticsearch.test.ESTestCase;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the filter looks for: the fields {@code knn} names, and their types in a mapping. */
public class KnnOnVicinityFieldFilterTests extends ESTestCase {

    private static KnnVectorQueryBuilder knn(String field) {
        return new KnnVectorQueryBuilder(field, new float[] { 1, 2 }, 10, 10, null, null, null);
    }

    public void testKnnFieldsAreFoundInTheSectionAndInCompoundQueries() {
        SearchSourceBuilder source = new SearchSourceBuilder()
            .knnSearch(List.of(new KnnSearchBuilder("a", new float[] { 1, 2 }, 10, 10, null, null, null)))
            .query(QueryBuilders.boolQuery()
                .must(QueryBuilders.matchAllQuery())
                .should(QueryBuilders.constantScoreQuery(knn("b")))
                .filter(QueryBuilders.disMaxQuery().add(knn("c")))
                .mustNot(QueryBuilders.boostingQuery(QueryBuilders.matchAllQuery(), knn("d")))
                .should(QueryBuilders.functionScoreQuery(knn("e")))
                .should(QueryBuilders.nestedQuery("n", knn("n.f"), org.apache.lucene.search.join.ScoreMode.Max)));
        assertEquals(Set.of("a", "b", "c", "d", "e", "n.f"), KnnOnVicinityFieldFilter.knnFields(source));
        assertEquals(Set.of(), KnnOnVicinityFieldFilter.knnFields(new SearchSourceBuilder().query(QueryBuilders.termQuery("t", "x"))));
        assertEquals(Set.of(), KnnOnVicinityFieldFilter.knnFields(null));
    }

    public void testTypesAreFoundByPathInObjectsAndDottedNames() {
        Map<String, Object> mapping = Map.of("properties", Map.of(
            "v", Map.of("type", "vicinity_vector"),
            "o", Map.of("properties", Map.of("v", Map.of("type", "vicinity_vector"), "k", Map.of("type", "keyword"))),
            "p.w", Map.of("type", "dense_vector"),
            "n", Map.of("type", "nested", "properties", Map.of("x.y", Map.of("type", "vicinity_vector")))));
        assertEquals("vicinity_vector", KnnOnVicinityFieldFilter.typeOf(mapping, "v"));
        assertEquals("vicinity_vector", KnnOnVicinityFieldFilter.typeOf(mapping, "o.v"));
        assertEquals("keyword", KnnOnVicinityFieldFilter.typeOf(mapping, "o.k"));
        assertEquals("dense_vector", KnnOnVicinityFieldFilter.typeOf(mapping, "p.w"));
        assertEquals("vicinity_vector", KnnOnVicinityFieldFilter.typeOf(mapping, "n.x.y"));
        assertNull(KnnOnVicinityFieldFilter.typeOf(mapping, "o.missing"));
        assertNull(KnnOnVicinityFieldFilter.typeOf(mapping, "missing"));
        assertNull(KnnOnVicinityFieldFilter.typeOf(Map.of(), "v"));
    }
}
