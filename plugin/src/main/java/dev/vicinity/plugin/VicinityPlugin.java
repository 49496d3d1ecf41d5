package dev.vicinity.plugin;

import dev.vicinity.plugin.fetch.VicinityDistanceFetchSubPhase;
import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;
import dev.vicinity.plugin.rest.RestCatVicinityAction;
import dev.vicinity.plugin.rest.RestVicinityEvaluateAction;
import dev.vicinity.plugin.rest.RestVicinityStatsAction;
import dev.vicinity.plugin.rest.RestVicinityTuneAction;
import dev.vicinity.plugin.search.KnnOnVicinityFieldFilter;
import dev.vicinity.plugin.stats.TransportVicinityStatsAction;

import org.apache.lucene.util.SetOnce;
import org.elasticsearch.action.support.ActionFilter;

import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.features.NodeFeature;

import org.elasticsearch.index.IndexSettingProvider;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.search.fetch.FetchSubPhase;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Vicinity Elasticsearch plugin: approximate nearest-neighbour search (LSH buckets, random-projection
 * forests and NN-descent graphs) stored per segment by the Vicinity Lucene codec.
 *
 * <p>This class stays thin: it only registers what the other classes of this package provide. The codec itself
 * needs no registration: Elasticsearch reloads Lucene's codec SPI from the plugin's class loader.
 */
public class VicinityPlugin extends Plugin implements MapperPlugin, SearchPlugin, ActionPlugin {

    /** Built with the node's services, which {@link #getActionFilters()} is asked for afterwards. */
    private final SetOnce<KnnOnVicinityFieldFilter> knnOnVicinityField = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        knnOnVicinityField.set(new KnnOnVicinityFieldFilter(services.clusterService(), services.indexNameExpressionResolver(),
            services.projectResolver()));
        return List.of();
    }

    @Override
    public Collection<ActionFilter> getActionFilters() {
        KnnOnVicinityFieldFilter filter = knnOnVicinityField.get();
        return filter == null ? List.of() : List.of(filter);
    }

    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of(VicinityVectorFieldMapper.CONTENT_TYPE, VicinityVectorFieldMapper.PARSER);
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(new QuerySpec<>(VicinityKnnQueryBuilder.NAME, VicinityKnnQueryBuilder::new, VicinityKnnQueryBuilder::fromXContent));
    }

    @Override
    public List<FetchSubPhase> getFetchSubPhases(FetchPhaseConstructionContext context) {
        return List.of(new VicinityDistanceFetchSubPhase());
    }

    @Override
    public Collection<IndexSettingProvider> getAdditionalIndexSettingProviders(IndexSettingProvider.Parameters parameters) {
        return List.of(new VicinityCodecSettingProvider());
    }

    @Override
    public Collection<ActionHandler> getActions() {
        return List.of(new ActionHandler(TransportVicinityStatsAction.TYPE, TransportVicinityStatsAction.class));
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services, Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RestVicinityEvaluateAction(), new RestVicinityTuneAction(), new RestVicinityStatsAction(), new RestCatVicinityAction());
    }
}
