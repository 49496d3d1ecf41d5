/**
 * Statistics of Vicinity fields, for any Lucene application (the Elasticsearch plugin's {@code _vicinity/stats}
 * reads them, but nothing here knows Elasticsearch).
 *
 * <ul>
 *   <li>What the open segments hold, read from the readers when asked ({@link dev.vicinity.stats.FieldSegmentStats}):
 *       segments with a structure and segments searched exactly, vectors, off-heap bytes by file extension, and the
 *       heap the readers keep.
 *   <li>What happened in this process, counted as it happens ({@link dev.vicinity.stats.FieldCounters}, one per index
 *       and field, found in the {@link dev.vicinity.stats.CounterRegistry}): structures built at flush and at merge,
 *       merges seeded from their sources' structures versus built from scratch, and {@code VicinityKnnQuery}
 *       searches with their time.
 * </ul>
 */
package dev.vicinity.stats;
