package dev.vicinity.lsh;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.lucene.tests.util.LuceneTestCase;

/** Merged tables equal a fresh build of the merged vectors; random families get there without hashing. */
public class LshMergerTests extends LuceneTestCase {

    /** A source built alone, its live documents' merged ordinals, and the vectors they carry. */
    private record Part(LshIndex index, int[] ordMap) {}

    private static final class CountingSource implements VectorSource {
        final VectorSource inner;
        long reads;

        CountingSource(VectorSource inner) {
            this.inner = inner;
        }

        public int size() {
            return inner.size();
        }

        public int dims() {
            return inner.dims();
        }

        public float[] vector(int ord) {
            reads++;
            return inner.vector(ord);
        }

        public VectorSource copy() {
            return this;
        }
    }

    private void checkMergeEqualsFreshBuild(Map<String, String> map, Metric metric, boolean expectNoReads) {
        Random random = random();
        int dims = 2 + random.nextInt(30);
        LshParameters params = LshParameters.parse(map, metric);
        int sources = 1 + random.nextInt(3);
        List<float[][]> parts = new ArrayList<>();
        List<float[]> merged = new ArrayList<>();
        List<int[]> maps = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            float[][] points = HashFamilyTests.clustered(random, random.nextInt(400), dims);
            parts.add(points);
            int[] ordMap = new int[points.length];
            for (int i = 0; i < points.length; i++) {
                ordMap[i] = random.nextInt(5) == 0 ? -1 : -2; // -2: live, numbered below
            }
            maps.add(ordMap);
        }
        // merged ordinals interleave the sources (as an index sort would), in a random order
        List<int[]> live = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            for (int i = 0; i < parts.get(s).length; i++) {
                if (maps.get(s)[i] == -2) {
                    live.add(new int[] { s, i });
                }
            }
        }
        java.util.Collections.shuffle(live, random);
        for (int[] doc : live) {
            maps.get(doc[0])[doc[1]] = merged.size();
            merged.add(parts.get(doc[0])[doc[1]]);
        }
        List<LshMerger.Source> inputs = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            LshIndex index = LshBuilder.build(VectorSource.of(dims, parts.get(s)), metric, params, null);
            inputs.add(new LshMerger.Source(params, index.tables(), maps.get(s)));
        }
        float[][] mergedVectors = merged.toArray(new float[0][]);
        CountingSource mergedSource = new CountingSource(VectorSource.of(dims, mergedVectors));
        LshIndex result = LshMerger.merge(params, metric, inputs, mergedSource, null);
        LshIndex fresh = LshBuilder.build(VectorSource.of(dims, mergedVectors), metric, params, null);
        assertEquals(fresh.tables(), result.tables());
        TableChecks.checkEntries(result.tables(), result.functions());
        float[][] freshStates = fresh.functions().states();
        float[][] mergedStates = result.functions().states();
        for (int e = 0; e < freshStates.length; e++) {
            assertArrayEquals(freshStates[e], mergedStates[e], 0f);
        }
        if (expectNoReads) {
            assertEquals("random families combine buckets without reading vectors", 0, mergedSource.reads);
        }
    }

    public void testRandomFamiliesCombineWithoutHashing() {
        Map<String, String> map = new HashMap<>();
        map.put("hashes.0.type", "binary");
        map.put("hashes.0.tables", "3");
        map.put("hashes.0.center", "false");
        map.put("hashes.1.type", "cross_polytope");
        map.put("hashes.1.tables", "2");
        map.put("hashes.1.dimension", "8");
        map.put("hashes.1.center", "false");
        map.put("hashes.2.type", "discretized");
        map.put("hashes.2.tables", "2");
        map.put("hashes.2.bin_width", "1.5");
        map.put("hashes.3.type", "tree");
        map.put("hashes.3.tables", "2");
        map.put("hashes.3.center", "false");
        checkMergeEqualsFreshBuild(map, HashFamilyTests.EUCLIDEAN, true);
        checkMergeEqualsFreshBuild(map, HashFamilyTests.COSINE, true);
    }

    public void testTrainedFamiliesAreHashedAgain() {
        checkMergeEqualsFreshBuild(HashFamilyTests.everyType(2), HashFamilyTests.EUCLIDEAN, false);
        checkMergeEqualsFreshBuild(HashFamilyTests.everyType(2), HashFamilyTests.COSINE, false);
        checkMergeEqualsFreshBuild(Map.of(), HashFamilyTests.EUCLIDEAN, false);
    }

    public void testSourcesBuiltDifferentlyAreHashedAgain() {
        Random random = random();
        int dims = 8;
        Map<String, String> map = Map.of("hashes.0.type", "binary", "hashes.0.tables", "2", "hashes.0.center", "false");
        LshParameters params = LshParameters.parse(map, HashFamilyTests.EUCLIDEAN);
        Map<String, String> otherMap = new HashMap<>(map);
        otherMap.put("seed", "1");
        LshParameters other = LshParameters.parse(otherMap, HashFamilyTests.EUCLIDEAN);
        float[][] points = HashFamilyTests.clustered(random, 300, dims);
        LshIndex old = LshBuilder.build(VectorSource.of(dims, points), HashFamilyTests.EUCLIDEAN, other, null);
        int[] identity = new int[points.length];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        CountingSource source = new CountingSource(VectorSource.of(dims, points));
        LshIndex merged = LshMerger.merge(params, HashFamilyTests.EUCLIDEAN, List.of(new LshMerger.Source(other, old.tables(), identity)), source, null);
        assertEquals(LshBuilder.build(VectorSource.of(dims, points), HashFamilyTests.EUCLIDEAN, params, null).tables(), merged.tables());
        assertEquals(points.length, source.reads);
    }

    public void testOrdinalMapsAreChecked() {
        float[][] points = HashFamilyTests.clustered(random(), 10, 4);
        LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "binary", "hashes.0.center", "false"), HashFamilyTests.EUCLIDEAN);
        LshIndex index = LshBuilder.build(VectorSource.of(4, points), HashFamilyTests.EUCLIDEAN, params, null);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new LshMerger.Source(params, index.tables(), new int[3]));
        assertEquals("the ordinal map has [3] entries but the source has [10] vectors", e.getMessage());
        int[] deleted = new int[10];
        java.util.Arrays.fill(deleted, -1);
        deleted[3] = 0;
        e = expectThrows(IllegalArgumentException.class, () -> LshMerger.merge(params, HashFamilyTests.EUCLIDEAN,
            List.of(new LshMerger.Source(params, index.tables(), deleted)), VectorSource.of(4, new float[2][4]), null));
        assertEquals("the ordinal maps keep [1] vectors but the merged segment has [2]", e.getMessage());
        int[] twice = deleted.clone();
        twice[5] = 0;
        e = expectThrows(IllegalArgumentException.class, () -> LshMerger.merge(params, HashFamilyTests.EUCLIDEAN,
            List.of(new LshMerger.Source(params, index.tables(), twice)), VectorSource.of(4, new float[2][4]), null));
        assertEquals("the ordinal maps send two vectors to merged ordinal [0]", e.getMessage());
        int[] beyond = deleted.clone();
        beyond[5] = 2;
        e = expectThrows(IllegalArgumentException.class, () -> LshMerger.merge(params, HashFamilyTests.EUCLIDEAN,
            List.of(new LshMerger.Source(params, index.tables(), beyond)), VectorSource.of(4, new float[2][4]), null));
        assertEquals("the ordinal map points to [2] but the merged segment has [2] vectors", e.getMessage());
    }
}
