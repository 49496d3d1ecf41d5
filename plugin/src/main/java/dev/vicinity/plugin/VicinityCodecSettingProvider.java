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

    /** Whether any object in the mapping (properties, nested objects, multi-fields, dynamic templates) has type vicinity_vector. */
    static boolean declaresVicinityField(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (VicinityVectorFieldMapper.CONTENT_TYPE.equals(map.get("type"))) {
                return true;
            }
            return map.values().stream().anyMatch(VicinityCodecSettingProvider::declaresVicinityField);
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(VicinityCodecSettingProvider::declaresVicinityField);
        }
        return false;
    }
}
