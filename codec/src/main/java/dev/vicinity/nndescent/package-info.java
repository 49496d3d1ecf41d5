/**
 * The NN-descent method (PyNNDescent) as a pure algorithm: no Lucene index, codec or store classes, no
 * Elasticsearch. The codec wires it into segment files.
 *
 * <h2>Build (flush and merge)</h2>
 * {@link dev.vicinity.nndescent.NNDescentBuilder#build} takes a {@link dev.vicinity.ann.VectorSource} (which
 * may return a shared buffer, like Lucene's off-heap vector values), a {@link dev.vicinity.metric.Metric}, the
 * {@link dev.vicinity.nndescent.NNDescentParameters} (defaults from {@code defaults(n, n_neighbors, seed)}), an
 * optional initial graph (merges: the sources' k-NN rows mapped to merged ordinals) and an optional
 * {@link dev.vicinity.ann.BuildMonitor} (progress, abort). It returns an
 * {@link dev.vicinity.nndescent.NNDescentIndex} whose arrays the codec writes:
 * <ul>
 *   <li>{@link dev.vicinity.nndescent.SearchGraph}: {@code offsets}, {@code neighbours}, {@code minDistance};</li>
 *   <li>{@link dev.vicinity.rptree.FlatTree}: {@code normals} (rows of internal nodes), {@code offsets},
 *       {@code children}, {@code indices};</li>
 *   <li>optionally {@link dev.vicinity.nndescent.KnnGraph#ids()} to seed the next merge.</li>
 * </ul>
 * Builds are single-threaded and deterministic for a given seed.
 *
 * <h2>Search</h2>
 * One {@link dev.vicinity.nndescent.NNDescentSearcher} per thread, over a
 * {@link dev.vicinity.nndescent.GraphAccess} and a {@link dev.vicinity.rptree.TreeAccess} (the on-heap records
 * above, or the codec's readers over memory-mapped files), returns the nearest accepted ordinals with their true
 * distances. Distances come from the {@code VectorSource} and the metric, or from a
 * {@link dev.vicinity.ann.QueryDistance} the codec supplies (for example Lucene's bulk scorers over
 * memory-mapped vectors: queries are bound by memory latency, and the searcher asks for all unvisited neighbours of
 * a point in one call). Rejected ordinals are walked through but never returned; under restrictive filters the codec
 * should search exactly instead.
 *
 * <p>All internal distances are the metric's {@code fastDistance} (squared euclidean for euclidean), as in
 * PyNNDescent; only search results are converted to true distances.
 */
package dev.vicinity.nndescent;
