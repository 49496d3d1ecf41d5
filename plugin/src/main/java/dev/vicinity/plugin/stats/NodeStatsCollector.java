package dev.vicinity.plugin.stats;

import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;
import dev.vicinity.plugin.mapper.VicinityVectorFieldType;
import dev.vicinity.stats.CounterRegistry;
import dev.vicinity.stats.FieldCounts;
import dev.vicinity.stats.FieldSegmentStats;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.store.AlreadyClosedException;
import org.elasticsearch.core.Nullable;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.engine.Engine;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.index.shard.IndexShard;
import org.elasticsearch.indices.IndicesService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers one node's {@code _vicinity/stats}: for each index it holds shard copies of, each {@code vicinity_vector}
 * field of the mapping, summed over the copies. Per copy, the segments are read from the engine's internal reader,
 * as Elasticsearch's own segment and {@code dense_vector} statistics read them (it is refreshed whenever the searchable
 * one is, and may be ahead of it after a flush or merge; reading it does not mark an idle shard as searched), and the
 * counters from the codec's {@link CounterRegistry}, keyed by the copy's store directory.
 */
final class NodeStatsCollector {

    private static final Logger logger = LogManager.getLogger(NodeStatsCollector.class);
    private static final String SEARCHER_SOURCE = "vicinity_stats";

    private NodeStatsCollector() {}

    /**
     * @param only the indices to report, or {@code null} for every index
     * @param ensureNotCancelled throws when the request was cancelled; called before each index
     */
    static List<IndexStats> collect(IndicesService indicesService, @Nullable Set<Index> only, Runnable ensureNotCancelled) {
        List<IndexStats> indices = new ArrayList<>();
        for (IndexService indexService : indicesService) {
            ensureNotCancelled.run();
            if (only != null && only.contains(indexService.index()) == false) {
                continue;
            }
            Map<String, VicinityVectorFieldType> fields = vicinityFields(indexService);
            if (fields.isEmpty()) {
                continue;
            }
            Map<String, FieldStats> stats = new TreeMap<>();
            fields.forEach((name, type) -> stats.put(name, new FieldStats(type.method(), type.dims(), type.metric().name(),
                type.metric().parameter(), FieldSegmentStats.NONE, FieldCounts.NONE)));
            int shards = 0;
            for (IndexShard shard : indexService) {
                Map<String, FieldSegmentStats> segments = segments(shard, fields.keySet());
                if (segments == null) {
                    continue; // no engine: recovering, closing or failed
                }
                shards++;
                Map<String, FieldCounts> counts = CounterRegistry.snapshot(shard.store().directory());
                for (String field : fields.keySet()) {
                    stats.put(field, stats.get(field).plus(segments.get(field), counts.getOrDefault(field, FieldCounts.NONE)));
                }
            }
            if (shards > 0) {
                indices.add(new IndexStats(indexService.index().getName(), shards, stats));
            }
        }
        return indices;
    }

    /** The mapping's {@code vicinity_vector} fields by full path (the Lucene field name), object fields included. */
    private static Map<String, VicinityVectorFieldType> vicinityFields(IndexService indexService) {
        Map<String, VicinityVectorFieldType> fields = new TreeMap<>();
        for (Mapper mapper : indexService.mapperService().mappingLookup().fieldMappers()) {
            if (mapper instanceof VicinityVectorFieldMapper vicinity) {
                fields.put(vicinity.fullPath(), vicinity.fieldType());
            }
        }
        return fields;
    }

    /** Each field's segments in the copy's internal reader, or {@code null} when the copy has no engine to read. */
    private static Map<String, FieldSegmentStats> segments(IndexShard shard, Set<String> fields) {
        try {
            return shard.tryWithEngineOrNull(engine -> engine == null ? null : read(engine, fields));
        } catch (AlreadyClosedException e) {
            logger.trace(() -> "shard " + shard.shardId() + " closed while its vicinity stats were read", e);
            return null;
        } catch (UncheckedIOException e) {
            // statistics must not fail the node's answer; a damaged segment is reported by the searches that read it
            logger.warn(() -> "failed to read the vicinity stats of shard " + shard.shardId(), e);
            return null;
        }
    }

    private static Map<String, FieldSegmentStats> read(Engine engine, Set<String> fields) {
        try (Engine.Searcher searcher = engine.acquireSearcher(SEARCHER_SOURCE, Engine.SearcherScope.INTERNAL)) {
            Map<String, FieldSegmentStats> segments = new HashMap<>();
            for (String field : fields) {
                segments.put(field, FieldSegmentStats.of(searcher.getIndexReader(), field));
            }
            return segments;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
