package dev.vicinity.lsh;

import dev.vicinity.ann.AcceptOrds;

/**
 * Finds the candidates of a query in one segment's tables: the query's own bucket in every table, then neighbouring
 * buckets in increasing cost across all tables ({@link ProbeSequence}) until {@code probes} buckets have been looked
 * up, de-duplicated and counted ({@link CandidateCounter}), optionally capped at the candidates found in the most
 * tables. The caller measures the exact distances of {@link #candidates()} (the codec through
 * {@code QueryDistance.fastDistances}, in bulk) and collects the nearest.
 *
 * <p><b>Tree tables</b> ({@code type: tree}) answer with NearPy's walk instead of probes: down the query's key as long
 * as the next node holds at least {@code minimum_result_size} points (taking the other child where the query's is
 * empty); the subtree where it stops is one probe.
 *
 * <p><b>Never empty.</b> When the probes found fewer than {@code minCandidates} accepted candidates, probing goes on in
 * the same order until it has them, the sequence runs out, or {@value #EXTRA_PROBE_FACTOR} times the requested
 * probes (at least one per table) have been looked up; if that is still not enough, the query's own bucket in each
 * prefix table (trees included) is widened a bit at a time, down to the whole table. So an index with a sign,
 * polytope or tree table answers with {@code min(minCandidates, accepted vectors)} candidates at least; one made of
 * binned tables alone only with what their neighbouring bins hold (bins that are too narrow for the data can leave it
 * short), and the codec can then search exactly.
 *
 * <p>Not thread-safe: one searcher per thread, reused across queries. Its scratch grows with the candidates of the
 * largest query (the counter, the probe heap), never with the size of the segment.
 */
public final class LshSearcher {

    /** Probing for {@code minCandidates} stops after this many times the requested probes. */
    public static final int EXTRA_PROBE_FACTOR = 32;
    private static final int CHUNK = 256;

    private final HashFunctions functions;
    private final TableAccess tables;
    private final HashFamily.Hasher[] hashers;
    private final ProbeAlternatives[] alternatives;
    private final ProbeSequence sequence = new ProbeSequence();
    private final CandidateCounter counter;
    private final int[] chunk = new int[CHUNK];
    private final int[] deferredTables;
    private final long[] deferredPreKeys;
    private int deferredCount;
    private int[] candidates = new int[256];
    private int candidateCount;
    private long examined;
    private int probed;

    /** The {@code probes} of a query that sets none: two per table. */
    public static int defaultProbes(int tables) {
        return 2 * tables;
    }

    /** The {@code candidates} of a query for {@code k} hits that sets none: {@code 100·k}. */
    public static int defaultCandidates(int k) {
        return (int) Math.min(Integer.MAX_VALUE, 100L * k);
    }

    public LshSearcher(HashFunctions functions, TableAccess tables) {
        if (functions.tableCount() != tables.tableCount()) {
            throw new IllegalArgumentException("the functions make [" + functions.tableCount() + "] tables but there are [" + tables.tableCount() + "]");
        }
        this.functions = functions;
        this.tables = tables;
        this.hashers = functions.newHashers();
        this.counter = new CandidateCounter();
        this.alternatives = new ProbeAlternatives[tables.tableCount()];
        this.deferredTables = new int[tables.tableCount()];
        this.deferredPreKeys = new long[tables.tableCount()];
        for (int t = 0; t < alternatives.length; t++) {
            alternatives[t] = new ProbeAlternatives();
        }
    }

    /**
     * Collects the candidates of {@code query}.
     *
     * @param probes        buckets to look up over all tables; at least every table's own bucket is looked up
     * @param maxCandidates at most this many candidates are returned, those found in the most tables; {@code <= 0}
     *                      or {@link Integer#MAX_VALUE} for no cap
     * @param minCandidates keep probing (see the class documentation) while fewer accepted candidates were found
     * @param accept        which ordinals may be returned, {@code null} = all
     * @return the number of candidates, also {@link #candidateCount()}
     */
    public int search(float[] query, int probes, int maxCandidates, int minCandidates, AcceptOrds accept) {
        if (query.length != functions.dims()) {
            throw new IllegalArgumentException("the query has [" + query.length + "] dims but the index has [" + functions.dims() + "]");
        }
        counter.reset();
        sequence.reset();
        examined = 0;
        probed = 0;
        for (HashFamily.Hasher hasher : hashers) {
            hasher.set(query);
        }
        int tableCount = tables.tableCount();
        // a table gets about probes / tables probes: keep that many alternatives per function, plus one
        int alternativesLimit = (int) Math.min(ProbeAlternatives.MAX_ALTERNATIVES, 2 + (Math.max(probes, 1) - 1) / Math.max(1, tableCount));
        for (int t = 0; t < tableCount; t++) {
            HashFamily family = functions.familyOf(t);
            HashFamily.Hasher hasher = hashers[functions.entryOf(t)];
            int local = functions.localTable(t);
            if (family.spec.type() == HashType.TREE) {
                long range = treeWalk(t, family, hasher.home(local, family.maxBits()));
                collect(t, range, accept);
                probed++;
            } else {
                alternatives[t].ready = false;
                alternatives[t].setLimit(alternativesLimit);
                sequence.pushHome(t, hasher.home(local, tables.resolution(t)));
            }
        }
        long wanted = Math.max(probes, tableCount);
        long limit = EXTRA_PROBE_FACTOR * wanted;
        // every table's own bucket costs 0 and comes first: when those are all the probes wanted, their successors
        // (and the alternatives they need) are computed only if minCandidates asks for more
        boolean deferring = wanted <= tableCount;
        deferredCount = 0;
        while (probed < wanted || (counter.size() < minCandidates && probed < limit)) {
            if (sequence.isEmpty()) {
                if (deferredCount == 0) {
                    break;
                }
                deferring = false;
                for (int d = 0; d < deferredCount; d++) {
                    sequence.topCost = 0f;
                    sequence.topTable = deferredTables[d];
                    sequence.topPosition = -1;
                    sequence.topAlternative = 0;
                    sequence.topPreKey = deferredPreKeys[d];
                    pushSuccessors(deferredTables[d]);
                }
                deferredCount = 0;
                continue;
            }
            sequence.pop();
            int t = sequence.topTable;
            HashFamily family = functions.familyOf(t);
            int bits = tables.resolution(t);
            long v = sequence.topPreKey;
            long prefix = family.prefixKeys() ? v : (HashFamily.hashedKey(v) & 0xFFFFFFFFL);
            collect(t, TableLayout.range(tables, t, prefix, bits), accept);
            probed++;
            if (probed >= wanted && counter.size() >= minCandidates) {
                break; // the successors would never be popped
            }
            if (deferring) {
                deferredTables[deferredCount] = t;
                deferredPreKeys[deferredCount++] = v;
            } else {
                pushSuccessors(t);
            }
        }
        if (counter.size() < minCandidates) {
            widen(minCandidates, accept);
        }
        int cap = maxCandidates <= 0 ? Integer.MAX_VALUE : maxCandidates;
        int count = Math.min(cap, counter.size());
        if (candidates.length < count) {
            candidates = new int[Math.max(count, candidates.length * 2)];
        }
        candidateCount = counter.select(cap, candidates);
        return candidateCount;
    }

    /** Pushes the successors of the probe in {@code sequence}'s top fields, a probe of table {@code t}. */
    private void pushSuccessors(int t) {
        ProbeAlternatives alts = alternatives[t];
        if (alts.ready == false) {
            hashers[functions.entryOf(t)].alternatives(functions.localTable(t), tables.resolution(t), alts);
        }
        sequence.pushSuccessors(alts);
    }

    private void collect(int table, long range, AcceptOrds accept) {
        int from = (int) (range >>> 32);
        int to = (int) range;
        int weight = weight(to - from);
        examined += to - from;
        for (int start = from; start < to; start += CHUNK) {
            int end = Math.min(to, start + CHUNK);
            tables.ords(table, start, end, chunk, 0);
            for (int i = 0; i < end - start; i++) {
                int ord = chunk[i];
                if (accept == null || accept.accept(ord)) {
                    counter.add(ord, weight);
                }
            }
        }
    }

    /**
     * The vote of a bucket of {@code bucketSize} entries: {@code max(1, round(log2(n / bucketSize)))}, in whole bits.
     * A random vector shares a bucket of {@code s} entries with the query with probability {@code s / n}, a near one
     * with a probability that hardly depends on {@code s}, so {@code log(n / s)} is (up to a constant) the
     * log-likelihood ratio a shared bucket brings, and a candidate's score, the sum over the buckets it was found in,
     * ranks it as naive Bayes would. Measured against plain counting (a vote of 1), in one process: recall@10 up by
     * 0.002 to 0.011 at the same candidates on MNIST and GloVe, where buckets of dense regions hold thousands.
     */
    static int weight(int n, int bucketSize) {
        if (bucketSize <= 0 || bucketSize >= n) {
            return 1;
        }
        // round(log2 x) = floor(log2(x·sqrt 2)), the exponent of a double: exact and cheap
        return Math.max(1, Math.getExponent((double) n / bucketSize * 1.4142135623730951));
    }

    private int weight(int bucketSize) {
        return weight(tables.size(), bucketSize);
    }

    /**
     * The last resort for {@code minCandidates}: the query's own bucket in each prefix table, table after table, one
     * key bit shorter at a time (NearPy's tree walk backwards), adding the entries the shorter prefix brings, until
     * there are enough candidates or the whole table has been read. Entries of other probed buckets inside the widened
     * range are counted again, which only matters for the cap's ranking of a query that has too few candidates anyway.
     */
    private void widen(int minCandidates, AcceptOrds accept) {
        for (int t = 0; t < tables.tableCount() && counter.size() < minCandidates; t++) {
            HashFamily family = functions.familyOf(t);
            if (family.prefixKeys() == false) {
                continue;
            }
            int bits = tables.resolution(t);
            long home = hashers[functions.entryOf(t)].home(functions.localTable(t), bits);
            long previous = TableLayout.range(tables, t, home, bits);
            for (int b = bits - 1; b >= 0 && counter.size() < minCandidates; b--) {
                long range = TableLayout.range(tables, t, home >>> (bits - b), b);
                collect(t, (range & 0xFFFFFFFF00000000L) | (previous >>> 32), accept);
                collect(t, (previous << 32) | (range & 0xFFFFFFFFL), accept);
                previous = range;
            }
        }
    }

    /** NearPy's tree walk over the sorted keys: the range of the deepest node whose child on the path is too small. */
    private long treeWalk(int table, HashFamily family, long key) {
        int depth = family.maxBits();
        int minimum = family.spec.minimumResultSize();
        long node = ((long) 0 << 32) | tables.size();
        long prefix = 0;
        for (int d = 0; d < depth; d++) {
            long bit = (key >>> (depth - 1 - d)) & 1;
            long child = (prefix << 1) | bit;
            long range = TableLayout.range(tables, table, child, d + 1);
            if (size(range) == 0) {
                child = (prefix << 1) | (1 - bit);
                range = TableLayout.range(tables, table, child, d + 1);
            }
            if (size(range) < minimum) {
                return node;
            }
            prefix = child;
            node = range;
        }
        return node;
    }

    private static int size(long range) {
        return (int) range - (int) (range >>> 32);
    }

    /** The candidates of the last search, in {@code [0, candidateCount())}; a buffer reused by the next search. */
    public int[] candidates() {
        return candidates;
    }

    public int candidateCount() {
        return candidateCount;
    }

    /** Entries read from the probed buckets of the last search, duplicates and rejected ones included (NearPy's {@code candidate_count}). */
    public long examined() {
        return examined;
    }

    /** Distinct accepted candidates of the last search, before the cap. */
    public int distinct() {
        return counter.size();
    }

    /** Buckets looked up by the last search (tree walks count one each). */
    public int probed() {
        return probed;
    }
}
