package dev.vicinity.plugin;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;

import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.index.IndexMode;
import org.elasticsearch.index.IndexSettingProvider;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.engine.EngineConfig;
import org.elasticsearch.xcontent.XContentType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets {@code index.codec} to the Vicinity codec when a new index's mappings (its own or its templates')
 * declare a {@code vicinity_vector} field, so users never have to name the codec. An explicit codec in the request
 * or a template is left alone; if it cannot serve the field, the mapper refuses the mapping and says why.
 */
final class VicinityCodecSettingProvider implements IndexSettingProvider {

    @Override
    public void provideAdditionalSettings(
        String indexName,
        String dataStreamName,
        IndexMode templateIndexMode,
        ProjectMetadata metadata,
        Instant resolvedAt,
        Settings indexTemplateAndCreateRequestSettings,
        List<CompressedXContent> combinedTemplateMappings,
        IndexVersion indexVersion,
        Settings.Builder additionalSettings
    ) {
        if (EngineConfig.INDEX_CODEC_SETTING.exists(indexTemplateAndCreateRequestSettings)) {
            return;
        }
        for (CompressedXContent mapping : combinedTemplateMappings) {
            Map<String, Object> map = XContentHelper.convertToMap(mapping.compressedReference(), false, XContentType.JSON).v2();
            if (declaresVicinityField(map)) {
                additionalSettings.put(EngineConfig.INDEX_CODEC_SETTING.getKey(), VicinityCodec.NAME);
                return;
            }
        }
    }

    /**
     * Keys whose values are free-form or not indexed, so a {@code "type": "vicinity_vector"} inside them declares no
     * indexed field: mapping and field metadata, and runtime fields (which have no index structure).
     */
    private static final Set<String> NOT_INDEXED = Set.of("_meta", "meta", "runtime");

    /** Whether any field definition in the mapping (properties, nested objects, multi-fields, dynamic templates) has type vicinity_vector. */
    static boolean declaresVicinityField(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (VicinityVectorFieldMapper.CONTENT_TYPE.equals(map.get("type"))) {
                return true;
            }
            return map.entrySet().stream()
                .anyMatch(e -> NOT_INDEXED.contains(String.valueOf(e.getKey())) == false && declaresVicinityField(e.getValue()));
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(VicinityCodecSettingProvider::declaresVicinityField);
        }
        return false;
    }
}
