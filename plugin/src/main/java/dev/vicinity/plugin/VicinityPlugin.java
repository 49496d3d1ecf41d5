package dev.vicinity.plugin;

import org.elasticsearch.plugins.Plugin;

/**
 * The Vicinity Elasticsearch plugin: approximate nearest-neighbour search (LSH buckets, random-projection
 * forests and NN-descent graphs) stored per segment by the Vicinity Lucene codec.
 *
 * <p>This class stays thin: it only registers what the other classes of this package provide.
 */
public class VicinityPlugin extends Plugin {}
