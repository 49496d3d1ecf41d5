/**
 * The forest method (Annoy's forests of random-projection trees, with MRPT's voting and sparse hyperplanes) as a pure
 * algorithm: no Lucene index, codec or store classes, no Elasticsearch. The codec wires it into segment files.
 *
 * <h2>Build (flush and merge)</h2>
 * {@link dev.vicinity.forest.ForestBuilder#build} takes a {@link dev.vicinity.ann.VectorSource}, a
 * {@link dev.vicinity.metric.Metric} and {@link dev.vicinity.forest.ForestParameters} ({@code n_trees},
 * {@code leaf_size}, {@code split_dims}, {@code seed}). The metric picks a {@link dev.vicinity.forest.SplitSpace}
 * (euclidean, manhattan, angular, centred angular for correlation, Annoy's extra-coordinate reduction for dot,
 * single coordinates for hamming; any other metric is refused by name). Every node of more than {@code leaf_size}
 * points is divided by Annoy's two-means hyperplane (200 steps; up to three tries for a division whose larger side
 * holds less than 95% of the points; coin flips if it still holds more than 99%), cut to its {@code split_dims}
 * largest coordinates for long vectors. Trees grow level by level, a batch of 16 at a time, through
 * {@link dev.vicinity.rptree.RPForestBuilder}'s split-rule seam; tree {@code t} draws from the {@code t}-th split of
 * the seed's stream, so builds are deterministic and a forest of {@code T} trees is the first {@code T} trees of any
 * larger one.
 *
 * <h2>Flat layout ({@link dev.vicinity.forest.Forest}, written as-is)</h2>
 * Counts: the split space id, {@code dims}, {@code size} (n), {@code treeCount}, {@code internalCount},
 * {@code leafCount}, {@code maxLeafSize}, whether hyperplanes are {@code sparse} and their {@code normalLength}.
 * Arrays:
 * <ul>
 *   <li>{@code roots int[treeCount]}: the code of each tree's root (a code {@code >= 0} is an internal node,
 *       {@code ~leaf} a leaf);</li>
 *   <li>{@code children int[2·internalCount]}: left (positive margins) and right child codes of each internal node,
 *       nodes numbered tree after tree, depth-first;</li>
 *   <li>{@code planes float[internalCount][]}: per internal node one row: dense, {@code dims} normal values then the
 *       offset; sparse, {@code normalLength} values, the offset, then their {@code normalLength} coordinates as
 *       floats. A margin is one read of one row;</li>
 *   <li>{@code leafBounds int[leafCount + 1]}: leaf {@code j} holds {@code points[leafBounds[j] .. leafBounds[j + 1])};</li>
 *   <li>{@code points int[treeCount·size]}: each tree's ordinals, leaf after leaf.</li>
 * </ul>
 * {@link dev.vicinity.forest.Forest#check()} validates the arrays; {@link dev.vicinity.forest.Forest#bytes()} is what
 * they take. A codec reads them back through its own {@link dev.vicinity.forest.ForestAccess}.
 *
 * <h2>Search</h2>
 * One {@link dev.vicinity.forest.ForestSearcher} per thread, over any {@link dev.vicinity.forest.ForestAccess}, runs
 * one priority queue over all trees ({@link dev.vicinity.forest.PathPriority}: the sum of the margins of the
 * hyperplanes a path crossed by default, Annoy's minimum margin on request) until the leaves taken hold
 * {@code search_k} candidate slots (duplicates across trees counted). It returns the distinct candidates, those found
 * in at least {@code votes} trees (MRPT), at least {@code k} and at most a budget of them, into reused buffers; the
 * caller measures them in bulk ({@link dev.vicinity.ann.QueryDistance#fastDistances}) or lets
 * {@link dev.vicinity.forest.ForestSearcher#search} do it. Heap per query grows with {@code search_k}, never with the
 * number of points.
 */
package dev.vicinity.forest;
