/**
 * The {@code lsh} index method (NearPy's locality-sensitive hashing, with FALCONN's cross-polytope hash and
 * candidate voting on top) as a pure algorithm: no Lucene index, codec or store classes, no Elasticsearch. The codec
 * wires it into segment files.
 *
 * <h2>Hash families</h2>
 * An index is a list of {@code hashes} entries; each entry makes {@code tables} tables of one family, each table
 * with its own functions (drawn from the entry's seed and the table number). A table maps a vector to a 32-bit key:
 * <ul>
 *   <li>{@code binary} (NearPy's {@code RandomBinaryProjections}): one sign bit per Gaussian projection,
 *       {@code projections} bits, first projection most significant;</li>
 *   <li>{@code discretized} ({@code RandomDiscretizedProjections}): {@code floor(r·x / bin_width + u)} per Gaussian
 *       projection with a random offset {@code u} (E2LSH's; NearPy has none), the bins hashed into the key;</li>
 *   <li>{@code pca_binary}, {@code pca_discretized} ({@code PCABinaryProjections}, {@code PCADiscretizedProjections}):
 *       the same on the principal components of the segment's vectors (one table for the binary one, whose
 *       functions would otherwise repeat; the discretized one varies its offsets per table);</li>
 *   <li>{@code tree} ({@code RandomBinaryProjectionTree}): binary keys, answered by NearPy's walk down the trie of
 *       keys while the next node holds at least {@code minimum_result_size} vectors;</li>
 *   <li>{@code cross_polytope} (FALCONN): the nearest signed axis of a block of {@code dimension} coordinates after a
 *       pseudo-random rotation ({@code rotations} rounds of random signs and a Hadamard transform),
 *       {@code log2(2·dimension)} bits per function, as many functions as fill 32 bits.</li>
 * </ul>
 * Which metrics a family fits is decided by the metric's typed properties ({@link dev.vicinity.lsh.HashType#fits}):
 * every family fits angular metrics (vectors are normalised first) and metrics ranked by squared euclidean distance
 * (the sign and polytope families centre the vectors on the segment's mean first, {@code center}, default true for
 * them); nothing else ({@code dot}, {@code manhattan}, ...) is accepted. Hashing projects with
 * {@code ExactDot}, one fixed summation order, so a vector gets the same key on every JVM, CPU and JIT tier.
 *
 * <h2>Keys, resolution and the flat table layout</h2>
 * Every table stores every vector's key whole, sorted ({@link dev.vicinity.lsh.LshTables}): {@code keys[t]} and
 * {@code ords[t]} ({@code n} ints each, ascending by unsigned key, then ordinal) and {@code directories[t]}
 * ({@code 2^directoryBits[t] + 1} ints: the first position of each {@code directoryBits}-bit key prefix). A bucket is
 * the range of vectors sharing the first {@code resolutions[t]} key bits: {@code round(log2(n / bucket_size))} for
 * the prefix families (binary, PCA binary, cross-polytope), whose shorter keys are coarser hashes of the same
 * family, so every segment looks up as many bits as its size needs (NearPy's too-long hashes leave queries with
 * empty buckets) while merges keep the keys; all 32 bits for the binned families (a hash) and for trees (their walk
 * widens by itself). A probe reads the directory (one or two ints) and, past the directory's bits, binary-searches
 * within one slot; its ordinals are one contiguous run. Arrays are written as-is, table after table, and read through
 * {@link dev.vicinity.lsh.TableAccess} (on-heap: {@code LshTables}; the codec: its memory-mapped file).
 *
 * <h2>Build, persisted state, merge</h2>
 * {@link dev.vicinity.lsh.LshBuilder#build} takes a {@link dev.vicinity.ann.VectorSource}, the metric, the
 * {@link dev.vicinity.lsh.LshParameters} ({@link dev.vicinity.lsh.LshParameters#parse} of the flat map, e.g.
 * {@code hashes.0.type=cross_polytope}, {@code hashes.0.tables=8}, {@code seed=42}) and an optional
 * {@link dev.vicinity.ann.BuildMonitor}, and returns an {@link dev.vicinity.lsh.LshIndex}. The codec persists
 * {@code parameters.toMap()} (every resolved value, seeds included), {@code functions.states()} (per entry the
 * fitted arrays: centre, principal components, fitted bin width; empty for purely random entries) and the table
 * arrays; a reader rebuilds the functions with {@link dev.vicinity.lsh.HashFunctions#create}. Random entries are
 * fully defined by the parameters, so {@link dev.vicinity.lsh.LshMerger#merge} combines their sources' (key,
 * ordinal) pairs through the ordinal maps ({@code -1} = deleted) without reading a vector; fitted entries are fitted
 * and hashed again from the merged vectors. Either way the result equals a fresh build of the merged vectors, array
 * for array.
 *
 * <h2>Search</h2>
 * One {@link dev.vicinity.lsh.LshSearcher} per thread. A query looks up its own bucket in every table, then
 * neighbouring buckets across all tables in increasing cost ({@link dev.vicinity.lsh.ProbeSequence}: Lv et al.'s
 * multi-probe, as FALCONN orders it over several tables; the cost of a neighbouring bucket is the squared distance
 * the query would move to land in it) until {@code probes} buckets have been read. Candidates are de-duplicated and
 * scored in a hash set sized by the candidates ({@code CandidateCounter}): each bucket a candidate is found in adds
 * {@code round(log2(n / bucket size))}, so vectors found in more and in smaller buckets rank first; with a
 * {@code candidates} cap only the best scored are returned. The caller measures their exact distances (the codec
 * with {@code QueryDistance.fastDistances} in bulk). {@link dev.vicinity.lsh.LshSearcher#examined()} reports the
 * entries read (NearPy's {@code candidate_count}), the tuning signal. If fewer than {@code minCandidates} (the
 * codec passes {@code k}) accepted candidates were found, probing continues and then the query's own buckets widen
 * a bit at a time, so an index with a prefix table never answers with fewer than {@code min(k, accepted)}. Query
 * defaults: {@link dev.vicinity.lsh.LshSearcher#defaultProbes}, {@link dev.vicinity.lsh.LshSearcher#defaultCandidates}.
 */
package dev.vicinity.lsh;
