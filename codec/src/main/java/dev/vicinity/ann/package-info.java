/**
 * What every approximate-nearest-neighbour method shares, as pure Java on small interfaces (no Lucene index, codec or
 * store classes, no Elasticsearch): vector access by ordinal ({@link dev.vicinity.ann.VectorSource}), which ordinals
 * a search may return ({@link dev.vicinity.ann.AcceptOrds}), distances from one query by ordinal, one or many at a
 * time ({@link dev.vicinity.ann.QueryDistance}), and the hooks a build reports progress and polls for aborts through
 * ({@link dev.vicinity.ann.BuildMonitor}). The method packages ({@code nndescent}, the random-projection trees in
 * {@code rptree}) are written against these, and the codec implements them over Lucene's files.
 */
package dev.vicinity.ann;
