package dev.vicinity.devnode;

import org.elasticsearch.Build;

/** The Elasticsearch version on this class path: the one the dev node runs and the plugin zip must match. */
final class ElasticsearchVersion {

    static final String VERSION = Build.current().version();

    private ElasticsearchVersion() {}
}
