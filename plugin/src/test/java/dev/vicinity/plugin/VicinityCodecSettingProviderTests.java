package dev.vicinity.plugin;

import dev.vicinity.codec.VicinityCodec;

import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/**
 * {@link VicinityCodecSettingProvider}: which mappings make a new index use the Vicinity codec, and when an explicit
 * codec wins.
 */
public class VicinityCodecSettingProviderTests extends ESTestCase {

    private static Map<String, Object> json(String json) {
        return XContentHelper.convertToMap(XContentType.JSON.xContent(), json, false);
    }

    private static boolean declares(String mapping) {
        return VicinityCodecSettingProvider.declaresVicinityField(json(mapping));
    }

    public void testTopLevelField() {
        assertTrue(declares("""
            { "properties": { "e": { "type": "vicinity_vector", "dims": 3 } } }"""));
        assertTrue(declares("""
            { "_doc": { "properties": { "title": { "type": "text" }, "e": { "type": "vicinity_vector", "dims": 3 } } } }"""));
    }

    public void testNestedAndObjectProperties() {
        assertTrue(declares("""
            { "properties": { "a": { "properties": { "b": { "type": "object", "properties": {
                "c": { "type": "vicinity_vector", "dims": 2 } } } } } } }"""));
        assertTrue(declares("""
            { "properties": { "offers": { "type": "nested", "properties": { "e": { "type": "vicinity_vector", "dims": 2 } } } } }"""));
    }

    public void testMultiField() {
        assertTrue(declares("""
            { "properties": { "t": { "type": "text", "fields": { "v": { "type": "vicinity_vector", "dims": 2 } } } } }"""));
    }

    public void testDynamicTemplates() {
        assertTrue(declares("""
            { "dynamic_templates": [
                { "strings": { "match_mapping_type": "string", "mapping": { "type": "keyword" } } },
                { "vectors": { "match": "*_vec", "mapping": { "type": "vicinity_vector", "dims": 8 } } }
            ] }"""));
        assertFalse(declares("""
            { "dynamic_templates": [ { "strings": { "match_mapping_type": "string", "mapping": { "type": "keyword" } } } ] }"""));
    }

    public void testLists() {
        assertTrue(VicinityCodecSettingProvider.declaresVicinityField(List.of(Map.of("x", List.of(Map.of("type", "vicinity_vector"))))));
        assertTrue(VicinityCodecSettingProvider.declaresVicinityField(List.of(List.of(), List.of(Map.of("type", "vicinity_vector")))));
        assertFalse(VicinityCodecSettingProvider.declaresVicinityField(List.of(Map.of("type", "dense_vector"), List.of("vicinity_vector"))));
        assertFalse(VicinityCodecSettingProvider.declaresVicinityField(List.of()));
    }

    public void testMetadataAndRuntimeFieldsDeclareNothing() {
        assertFalse(declares("""
            { "_meta": { "example": { "type": "vicinity_vector" } }, "properties": { "title": { "type": "text" } } }"""));
        assertFalse(declares("""
            { "properties": { "title": { "type": "text", "meta": { "type": "vicinity_vector" } } } }"""));
        assertFalse(declares("""
            { "runtime": { "r": { "type": "vicinity_vector" } } }"""));
        // Next to ignored metadata, a real field still counts.
        assertTrue(declares("""
            { "_meta": { "note": "x" }, "properties": { "e": { "type": "vicinity_vector", "dims": 3 } } }"""));
    }

    public void testAbsent() {
        assertFalse(declares("{}"));
        assertFalse(declares("""
            { "properties": { "title": { "type": "text" }, "v": { "type": "dense_vector", "dims": 3 },
                              "vicinity_vector": { "type": "keyword" } } }"""));
        // A field called "type" is not a type declaration, nor is the type name appearing as some other value.
        assertFalse(declares("""
            { "properties": { "type": { "type": "keyword", "null_value": "vicinity_vector" } } }"""));
        assertFalse(declares("""
            { "properties": { "kind": { "type": "constant_keyword", "value": "vicinity_vector" } } }"""));
        assertFalse(VicinityCodecSettingProvider.declaresVicinityField(null));
        assertFalse(VicinityCodecSettingProvider.declaresVicinityField("vicinity_vector"));
        assertFalse(VicinityCodecSettingProvider.declaresVicinityField(Map.of("type", "VICINITY_VECTOR")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // provideAdditionalSettings

    private static Settings provide(Settings requestSettings, String... mappings) throws IOException {
        List<CompressedXContent> compressed = new ArrayList<>();
        for (String mapping : mappings) {
            compressed.add(new CompressedXContent(mapping));
        }
        Settings.Builder additional = Settings.builder();
        new VicinityCodecSettingProvider().provideAdditionalSettings("idx", null, null, null, Instant.now(), requestSettings, compressed,
            IndexVersion.current(), additional);
        return additional.build();
    }

    public void testProvidesTheCodecForVectorMappings() throws IOException {
        String vector = """
            { "_doc": { "properties": { "e": { "type": "vicinity_vector", "dims": 3 } } } }""";
        String plain = """
            { "_doc": { "properties": { "t": { "type": "text" } } } }""";
        assertThat(provide(Settings.EMPTY, vector), equalTo(Settings.builder().put("index.codec", VicinityCodec.NAME).build()));
        // Any of the combined template and request mappings may declare the field.
        assertThat(provide(Settings.EMPTY, plain, vector).get("index.codec"), equalTo(VicinityCodec.NAME));
        assertThat(provide(Settings.EMPTY, plain), equalTo(Settings.EMPTY));
        assertThat(provide(Settings.EMPTY), equalTo(Settings.EMPTY));
        // Unrelated settings do not stop it.
        assertThat(provide(Settings.builder().put("index.number_of_shards", 2).build(), vector).get("index.codec"), equalTo(VicinityCodec.NAME));
    }

    public void testExplicitCodecWins() throws IOException {
        String vector = """
            { "_doc": { "properties": { "e": { "type": "vicinity_vector", "dims": 3 } } } }""";
        String codec = randomFrom("default", "best_compression", VicinityCodec.NAME);
        assertThat(provide(Settings.builder().put("index.codec", codec).build(), vector), equalTo(Settings.EMPTY));
    }
}
