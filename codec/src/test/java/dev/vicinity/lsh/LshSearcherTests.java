package dev.vicinity.lsh;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.ann.VectorSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.tests.util.LuceneTestCase;

/** Candidates: distinct, filtered, capped by table counts, never empty, growing with probes; tree walks; lookups. */
public class LshSearcherTests extends LuceneTestCase {

    private static LshIndex build(float[][] points, Map<String, String> params) {
        return LshBuilder.build(VectorSource.of(points[0].length, points), HashFamilyTests.EUCLIDEAN,
            LshParameters.parse(params, HashFamilyTests.EUCLIDEAN), null);
    }

    private static int[] candidates(LshSearcher searcher) {
        return Arrays.copyOf(searcher.candidates(), searcher.candidateCount());
    }

    public void testCandidatesAreDistinctAndAccepted() {
        Random random = random();
        float[][] points = HashFamilyTests.clustered(random, 1000, 12);
        LshIndex index = build(points, HashFamilyTests.everyType(3));
        LshSearcher searcher = new LshSearcher(index.functions(), index.tables());
        for (int q = 0; q < 50; q++) {
            float[] query = HashFamilyTests.clustered(random, 1, 12)[0];
            int mod = 1 + random.nextInt(3);
            AcceptOrds accept = random.nextBoolean() ? null : ord -> ord % mod == 0;
            int count = searcher.search(query, random.nextInt(200), 0, 0, accept);
            assertEquals(count, searcher.distinct());
            Set<Integer> seen = new HashSet<>();
            for (int ord : candidates(searcher)) {
                assertTrue("duplicate " + ord, seen.add(ord));
                assertTrue(ord >= 0 && ord < points.length);
                assertTrue(accept == null || accept.accept(ord));
            }
            assertTrue("examined counts every entry read", searcher.examined() >= count);
            assertTrue(searcher.probed() >= index.tables().tableCount());
        }
    }

    public void testMoreProbesFindASuperset() {
        Random random = random();
        float[][] points = HashFamilyTests.clustered(random, 2000, 20);
        Map<String, String> params = random.nextBoolean()
            ? Map.of("hashes.0.type", "cross_polytope", "hashes.0.tables", "4", "hashes.0.dimension", "16", "hashes.0.bucket_size", "2")
            : Map.of("hashes.0.type", "binary", "hashes.0.tables", "4", "hashes.1.type", "discretized", "hashes.1.tables", "3");
        LshIndex index = build(points, params);
        LshSearcher searcher = new LshSearcher(index.functions(), index.tables());
        for (int q = 0; q < 20; q++) {
            float[] query = points[random.nextInt(points.length)];
            Set<Integer> previous = Set.of();
            for (int probes : new int[] { 1, 8, 20, 60, 200 }) {
                searcher.search(query, probes, 0, 0, null);
                assertEquals(Math.max(probes, index.tables().tableCount()), searcher.probed());
                Set<Integer> found = new HashSet<>();
                for (int ord : candidates(searcher)) {
                    found.add(ord);
                }
                assertTrue(found.containsAll(previous));
                previous = found;
            }
            assertTrue("a point finds itself in its own buckets", previous.contains(indexOf(points, query)));
        }
    }

    private static int indexOf(float[][] points, float[] point) {
        for (int i = 0; i < points.length; i++) {
            if (points[i] == point) {
                return i;
            }
        }
        return -1;
    }

    /** With home buckets only, scores can be recomputed from the tables: the cap keeps the highest scored. */
    public void testCapKeepsTheHighestScoredCandidates() {
        Random random = random();
        float[][] points = HashFamilyTests.clustered(random, 3000, 16);
        LshIndex index = build(points, Map.of("hashes.0.type", "cross_polytope", "hashes.0.tables", "12", "hashes.0.dimension", "8",
            "hashes.0.bucket_size", "64", "hashes.0.center", "true"));
        LshTables tables = index.tables();
        LshSearcher searcher = new LshSearcher(index.functions(), tables);
        HashFamily.Hasher hasher = index.functions().newHashers()[0];
        for (int q = 0; q < 30; q++) {
            float[] query = HashFamilyTests.clustered(random, 1, 16)[0];
            hasher.set(query);
            Map<Integer, Integer> counts = new HashMap<>();
            for (int t = 0; t < tables.tableCount(); t++) {
                long range = TableLayout.range(tables, t, hasher.home(t, tables.resolution(t)), tables.resolution(t));
                int weight = LshSearcher.weight(tables.size(), (int) range - (int) (range >>> 32));
                for (int p = (int) (range >>> 32); p < (int) range; p++) {
                    counts.merge(tables.ord(t, p), weight, Integer::sum);
                }
            }
            searcher.search(query, 0, 0, 0, null);
            assertEquals(counts.size(), searcher.candidateCount());
            int cap = 1 + random.nextInt(Math.max(1, counts.size()));
            searcher.search(query, 0, cap, 0, null);
            int[] kept = candidates(searcher);
            assertEquals(Math.min(cap, counts.size()), kept.length);
            int weakestKept = Integer.MAX_VALUE;
            Set<Integer> keptSet = new HashSet<>();
            for (int ord : kept) {
                weakestKept = Math.min(weakestKept, counts.get(ord));
                keptSet.add(ord);
            }
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (keptSet.contains(e.getKey()) == false) {
                    assertTrue("dropped " + e + " but kept one counted " + weakestKept, e.getValue() <= weakestKept);
                }
            }
        }
    }

    public void testCounterSelectsByScoreThenDiscovery() {
        CandidateCounter counter = new CandidateCounter();
        int[] out = new int[100];
        for (int round = 0; round < 3; round++) {
            counter.reset();
            // ord 10 three times, 20 once, 30 twice, 40 once, 50 twice; discovery order 10, 20, 30, 40, 50
            for (int ord : new int[] { 10, 20, 30, 40, 50, 10, 30, 10, 50 }) {
                counter.add(ord, 1);
            }
            assertEquals(5, counter.size());
            assertEquals(5, counter.select(9, out));
            assertArrayEquals(new int[] { 10, 20, 30, 40, 50 }, Arrays.copyOf(out, 5));
            assertEquals(1, counter.select(1, out));
            assertEquals(10, out[0]);
            assertEquals(2, counter.select(2, out));
            assertArrayEquals(new int[] { 10, 30 }, Arrays.copyOf(out, 2));
            assertEquals(4, counter.select(4, out));
            assertArrayEquals(new int[] { 10, 20, 30, 50 }, Arrays.copyOf(out, 4));
        }
        // weighted votes: 5 scores 3 in one vote, 6 scores 2 in two, 7 scores 2 in one
        counter.reset();
        counter.add(5, 3);
        counter.add(6, 1);
        counter.add(7, 2);
        counter.add(6, 1);
        assertEquals(1, counter.select(1, out));
        assertEquals(5, out[0]);
        assertEquals(2, counter.select(2, out));
        assertArrayEquals(new int[] { 5, 6 }, Arrays.copyOf(out, 2));
        assertEquals(3, counter.score(0));
        assertEquals(2, counter.score(1));
        counter.reset();
        Random random = random();
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < 50_000; i++) { // grows past its first capacity
            int ord = random.nextInt(20_000);
            distinct.add(ord);
            counter.add(ord, 1 + random.nextInt(3));
        }
        assertEquals(distinct.size(), counter.size());
        Set<Integer> back = new HashSet<>();
        for (int i = 0; i < counter.size(); i++) {
            back.add(counter.ord(i));
        }
        assertEquals(distinct, back);
    }

    /** Sparse buckets (many bits, a query far from everything): probing goes on until there are minCandidates. */
    public void testNeverEmptyWhenBucketsAreSparse() {
        Random random = random();
        int dims = 24;
        float[][] points = HashFamilyTests.clustered(random, 500, dims);
        for (Map<String, String> params : new Map[] {
            Map.of("hashes.0.type", "binary", "hashes.0.tables", "2", "hashes.0.bucket_size", "1", "hashes.0.center", "true"),
            Map.of("hashes.0.type", "cross_polytope", "hashes.0.tables", "1", "hashes.0.bucket_size", "1", "hashes.0.dimension", "4"),
            Map.of("hashes.0.type", "discretized", "hashes.0.tables", "2", "hashes.0.bin_width", "0.01", "hashes.1.type", "tree",
                "hashes.1.tables", "1", "hashes.1.minimum_result_size", "1") }) {
            LshIndex index = build(points, params);
            LshSearcher searcher = new LshSearcher(index.functions(), index.tables());
            for (int q = 0; q < 20; q++) {
                float[] query = new float[dims];
                for (int i = 0; i < dims; i++) {
                    query[i] = (float) random.nextGaussian() * 50;
                }
                int count = searcher.search(query, 1, 0, 10, null);
                assertTrue(params + ": " + count + " candidates after " + searcher.probed() + " probes", count >= 10);
                assertTrue(searcher.probed() <= LshSearcher.EXTRA_PROBE_FACTOR * index.tables().tableCount());
                int accepted = searcher.search(query, 1, 0, 10, ord -> ord % 100 == 7);
                assertEquals("a strict filter still gets every accepted vector", 5, accepted);
            }
        }
        // binned tables alone have no coarser bucket to fall back on: narrow bins far from the data leave it short
        LshIndex binned = build(points, Map.of("hashes.0.type", "discretized", "hashes.0.tables", "2", "hashes.0.bin_width", "0.01"));
        LshSearcher searcher = new LshSearcher(binned.functions(), binned.tables());
        float[] far = new float[dims];
        Arrays.fill(far, 1000f);
        int count = searcher.search(far, 1, 0, 10, null);
        assertTrue(count < 10);
        assertEquals(LshSearcher.EXTRA_PROBE_FACTOR * 2, searcher.probed());
    }

    public void testTreeTablesAnswerWithAtLeastTheMinimumResultSize() {
        Random random = random();
        float[][] points = HashFamilyTests.clustered(random, 1500, 10);
        int minimum = 1 + random.nextInt(200);
        LshIndex index = build(points, Map.of("hashes.0.type", "tree", "hashes.0.tables", "1", "hashes.0.projections", "24",
            "hashes.0.minimum_result_size", Integer.toString(minimum)));
        LshTables tables = index.tables();
        LshSearcher searcher = new LshSearcher(index.functions(), tables);
        for (int q = 0; q < 50; q++) {
            float[] query = q % 2 == 0 ? points[random.nextInt(points.length)] : HashFamilyTests.clustered(random, 1, 10)[0];
            int count = searcher.search(query, 1, 0, 0, null);
            assertEquals(1, searcher.probed());
            assertTrue(count + " < " + minimum, count >= minimum);
            // the answer is one subtree: all entries sharing some prefix, that is, a contiguous range of positions
            Set<Integer> answer = new HashSet<>();
            for (int ord : candidates(searcher)) {
                answer.add(ord);
            }
            int first = -1, last = -1;
            for (int p = 0; p < tables.size(); p++) {
                if (answer.contains(tables.ord(0, p))) {
                    first = first < 0 ? p : first;
                    last = p;
                }
            }
            assertEquals(count, last - first + 1);
        }
        // a segment smaller than the minimum answers with everything
        float[][] few = Arrays.copyOf(points, 5);
        LshIndex small = build(few, Map.of("hashes.0.type", "tree", "hashes.0.tables", "2"));
        assertEquals(5, new LshSearcher(small.functions(), small.tables()).search(few[0], 1, 0, 0, null));
    }

    public void testEmptyAndTinySegments() {
        LshParameters params = LshParameters.parse(HashFamilyTests.everyType(2), HashFamilyTests.EUCLIDEAN);
        for (int n : new int[] { 0, 1, 3 }) {
            float[][] points = new float[n][4];
            for (int i = 0; i < n; i++) {
                points[i][i % 4] = i + 1;
            }
            LshIndex index = LshBuilder.build(VectorSource.of(4, points), HashFamilyTests.EUCLIDEAN, params, null);
            assertEquals(n, index.size());
            LshSearcher searcher = new LshSearcher(index.functions(), index.tables());
            assertEquals(n, searcher.search(new float[] { 1, 2, 3, 4 }, 10, 0, 10, null));
        }
        LshIndex index = LshBuilder.build(VectorSource.of(4, new float[][] { { 1, 2, 3, 4 } }), HashFamilyTests.EUCLIDEAN, params, null);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> new LshSearcher(index.functions(), index.tables()).search(new float[3], 1, 0, 0, null));
        assertEquals("the query has [3] dims but the index has [4]", e.getMessage());
    }

    public void testChecksFindDamage() {
        Random random = random();
        float[][] points = HashFamilyTests.clustered(random, 500, 8);
        LshIndex index = build(points, HashFamilyTests.everyType(2));
        LshTables tables = index.tables();
        TableChecks.checkEntries(tables, index.functions());
        int t = random.nextInt(tables.tableCount());
        int p = 1 + random.nextInt(tables.size() - 2);
        int[] ords = tables.ords()[t];
        int saved = ords[p];
        ords[p] = ords[p + 1]; // a repeated ordinal
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> TableChecks.checkEntries(tables, index.functions()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("table [" + t + "]"));
        ords[p] = saved;
        int[] keys = tables.keys()[t];
        int savedKey = keys[0];
        keys[0] = -1; // the largest unsigned key first
        expectThrows(IllegalStateException.class, () -> TableChecks.checkEntries(tables, index.functions()));
        keys[0] = savedKey;
        int[] directory = tables.directories()[t];
        directory[directory.length - 1]--;
        e = expectThrows(IllegalStateException.class, () -> TableChecks.checkShape(tables, index.functions()));
        assertTrue(e.getMessage(), e.getMessage().contains("directory entry"));
        directory[directory.length - 1]++;
        tables.resolutions()[t]++;
        expectThrows(IllegalStateException.class, () -> TableChecks.checkShape(tables, index.functions()));
        tables.resolutions()[t]--;
        TableChecks.checkEntries(tables, index.functions());
    }

    public void testRangesMatchAScan() {
        Random random = random();
        int n = random.nextInt(3000);
        long[] packed = new long[n];
        int bits = 1 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            int key = random.nextInt(1 << bits) << (32 - bits) | (random.nextInt() >>> bits);
            packed[i] = TableLayout.pack(key, i);
        }
        TableLayout.Table table = TableLayout.build(packed, n, 32, false, 1 + random.nextInt(8));
        for (int i = 1; i < n; i++) {
            assertTrue(Integer.compareUnsigned(table.keys()[i - 1], table.keys()[i]) <= 0);
        }
        LshTables tables = LshBuilder.assemble(n, new TableLayout.Table[] { table });
        assertEquals(n, table.directory()[table.directory().length - 1]);
        for (int trial = 0; trial < 200; trial++) {
            int lookupBits = random.nextInt(33);
            long prefix = n > 0 && random.nextBoolean() ? TableLayout.prefix(table.keys()[random.nextInt(n)], lookupBits)
                : random.nextLong() & ((1L << lookupBits) - 1);
            long range = TableLayout.range(tables, 0, prefix, lookupBits);
            int from = (int) (range >>> 32), to = (int) range;
            int expectedFrom = 0;
            while (expectedFrom < n && TableLayout.prefix(table.keys()[expectedFrom], lookupBits) < prefix) {
                expectedFrom++;
            }
            int expectedTo = expectedFrom;
            while (expectedTo < n && TableLayout.prefix(table.keys()[expectedTo], lookupBits) == prefix) {
                expectedTo++;
            }
            assertEquals(expectedFrom, from);
            assertEquals(expectedTo, to);
        }
    }
}
