package dev.vicinity.plugin.search;

import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.TransportSearchAction;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.metadata.MappingMetadata;
import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.cluster.project.ProjectResolver;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.BoostingQueryBuilder;
import org.elasticsearch.index.query.ConstantScoreQueryBuilder;
import org.elasticsearch.index.query.DisMaxQueryBuilder;
import org.elasticsearch.index.query.NestedQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.functionscore.FunctionScoreQueryBuilder;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.vectors.KnnSearchBuilder;
import org.elasticsearch.search.vectors.KnnVectorQueryBuilder;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses Elasticsearch's own {@code knn} (the search's {@code knn} section, or a {@code knn} query in the query tree)
 * on a {@code vicinity_vector} field with a 400 that points to {@code vicinity_knn}. Without it each shard fails with
 * "[knn] queries are only supported on [dense_vector] fields", which does not say what to use instead.
 *
 * <p>Runs on the coordinating node before the search: the fields named by {@code knn} are looked up in the mappings
 * of the concrete indices the request targets. Anything it cannot resolve (remote clusters, missing indices) is left
 * to the search itself. Compound queries are searched for {@code knn} through {@code bool}, {@code dis_max},
 * {@code constant_score}, {@code boosting}, {@code function_score} and {@code nested}.
 */
public final class KnnOnVicinityFieldFilter extends ActionFilter.Simple {

    private final ClusterService clusterService;
    private final IndexNameExpressionResolver resolver;
    private final ProjectResolver projectResolver;
    /**
     * Whether a field path is a {@code vicinity_vector}, by mapping content (its SHA-256) and path: a mapping is parsed
     * once, not on every {@code knn} request. Emptied when it grows past {@value #MAX_CACHED}, since mapping updates
     * leave old hashes behind.
     */
    private final Map<String, Boolean> isVicinityField = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;

    public KnnOnVicinityFieldFilter(ClusterService clusterService, IndexNameExpressionResolver resolver, ProjectResolver projectResolver) {
        this.clusterService = clusterService;
        this.resolver = resolver;
        this.projectResolver = projectResolver;
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    protected boolean apply(String action, ActionRequest request, ActionListener<?> listener) {
        if (action.equals(TransportSearchAction.TYPE.name()) == false || !(request instanceof SearchRequest search)) {
            return true;
        }
        Set<String> fields = knnFields(search.source());
        if (fields.isEmpty()) {
            return true;
        }
        ProjectMetadata project;
        String[] indices;
        try {
            project = projectResolver.getProjectMetadata(clusterService.state());
            indices = resolver.concreteIndexNames(project, search);
        } catch (RuntimeException e) {
            return true; // the search reports what cannot be resolved
        }
        for (String index : indices) {
            IndexMetadata metadata = project.index(index);
            MappingMetadata mapping = metadata == null ? null : metadata.mapping();
            if (mapping == null) {
                continue;
            }
            for (String field : fields) {
                if (isVicinityField(mapping, field)) {
                    listener.onFailure(new IllegalArgumentException("[knn] field [" + field + "] of index [" + index + "] is of type ["
                        + VicinityVectorFieldMapper.CONTENT_TYPE + "]: search it with the [" + VicinityKnnQueryBuilder.NAME
                        + "] query ({\"query\": {\"" + VicinityKnnQueryBuilder.NAME + "\": {\"field\": \"" + field
                        + "\", \"vector\": [...], \"k\": 10}}}); Elasticsearch's [knn] searches [dense_vector] fields"));
                    return false;
                }
            }
        }
        return true;
    }

    private boolean isVicinityField(MappingMetadata mapping, String field) {
        if (isVicinityField.size() > MAX_CACHED) {
            isVicinityField.clear();
        }
        return isVicinityField.computeIfAbsent(mapping.getSha256() + '\0' + field,
            key -> VicinityVectorFieldMapper.CONTENT_TYPE.equals(typeOf(mapping.sourceAsMap(), field)));
    }

    static Set<String> knnFields(SearchSourceBuilder source) {
        Set<String> fields = new LinkedHashSet<>();
        if (source != null) {
            for (KnnSearchBuilder knn : source.knnSearch()) {
                fields.add(knn.getField());
            }
            collect(source.query(), fields);
        }
        return fields;
    }

    private static void collect(QueryBuilder query, Set<String> fields) {
        switch (query) {
            case null -> {}
            case KnnVectorQueryBuilder knn -> fields.add(knn.getFieldName());
            case BoolQueryBuilder bool -> {
                bool.must().forEach(q -> collect(q, fields));
                bool.should().forEach(q -> collect(q, fields));
                bool.filter().forEach(q -> collect(q, fields));
                bool.mustNot().forEach(q -> collect(q, fields));
            }
            case DisMaxQueryBuilder disMax -> disMax.innerQueries().forEach(q -> collect(q, fields));
            case ConstantScoreQueryBuilder constant -> collect(constant.innerQuery(), fields);
            case BoostingQueryBuilder boosting -> {
                collect(boosting.positiveQuery(), fields);
                collect(boosting.negativeQuery(), fields);
            }
            case FunctionScoreQueryBuilder functionScore -> collect(functionScore.query(), fields);
            case NestedQueryBuilder nested -> collect(nested.query(), fields);
            default -> {}
        }
    }

    /**
     * The mapping type of a field path in a mapping source: {@code o.v} is found under {@code o}'s properties, or as a
     * property named {@code o.v} (both are valid mappings).
     */
    @SuppressWarnings("unchecked")
    static String typeOf(Map<String, Object> mapping, String path) {
        Object properties = mapping.get("properties");
        if (!(properties instanceof Map<?, ?> props)) {
            return null;
        }
        Object field = props.get(path);
        if (field instanceof Map<?, ?> definition) {
            return (String) definition.get("type");
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            Object parent = props.get(path.substring(0, dot));
            if (parent instanceof Map<?, ?> object) {
                String type = typeOf((Map<String, Object>) object, path.substring(dot + 1));
                if (type != null) {
                    return type;
                }
            }
        }
        return null;
    }
}
