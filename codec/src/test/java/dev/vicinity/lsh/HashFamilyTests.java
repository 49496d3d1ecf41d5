package dev.vicinity.lsh;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.VectorUtil;

/** Each family's hashing, its persisted state, its determinism and its probe alternatives. */
public class HashFamilyTests extends LuceneTestCase {

    static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);
    static final Metric COSINE = Metrics.byName("cosine", Float.NaN);

    /** Points around a few random centres, shifted away from the origin, so centring and PCA have something to find. */
    static float[][] clustered(Random random, int n, int dims) {
        int clusters = 8;
        float[][] centres = new float[clusters][dims];
        for (float[] c : centres) {
            for (int i = 0; i < dims; i++) {
                c[i] = 3 + (float) random.nextGaussian() * (i < 4 ? 4 : 1);
            }
        }
        float[][] points = new float[n][dims];
        for (int p = 0; p < n; p++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int i = 0; i < dims; i++) {
                points[p][i] = c[i] + (float) random.nextGaussian() * 0.5f;
            }
        }
        return points;
    }

    /** One entry of each type, all tables small. */
    static Map<String, String> everyType(int tables) {
        Map<String, String> map = new java.util.HashMap<>();
        int i = 0;
        for (HashType type : HashType.values()) {
            map.put("hashes." + i + ".type", type.typeName());
            if (type != HashType.PCA_BINARY) {
                map.put("hashes." + i + ".tables", Integer.toString(tables));
            }
            if (type == HashType.CROSS_POLYTOPE) {
                map.put("hashes." + i + ".dimension", "8");
            }
            i++;
        }
        return map;
    }

    public void testPersistedStateGivesTheSameFunctions() {
        Random random = random();
        int dims = 3 + random.nextInt(40);
        float[][] points = clustered(random, 300, dims);
        for (Metric metric : List.of(EUCLIDEAN, COSINE)) {
            LshParameters params = LshParameters.parse(everyType(2), metric);
            HashFunctions trained = HashFunctions.train(params, VectorSource.of(dims, points), metric, null);
            float[][] states = trained.states();
            for (int e = 0; e < states.length; e++) {
                HashSpec spec = params.hashes().get(e);
                assertEquals(spec + " has state iff fitted", spec.trained(), states[e].length > 0);
            }
            HashFunctions restored = HashFunctions.create(params, dims, metric, states);
            HashFamily.Hasher[] a = trained.newHashers();
            HashFamily.Hasher[] b = restored.newHashers();
            ProbeAlternatives altA = new ProbeAlternatives();
            ProbeAlternatives altB = new ProbeAlternatives();
            for (int q = 0; q < 20; q++) {
                float[] x = q < 10 ? points[random.nextInt(points.length)] : clustered(random, 1, dims)[0];
                for (int e = 0; e < a.length; e++) {
                    a[e].set(x);
                    b[e].set(x);
                }
                for (int t = 0; t < trained.tableCount(); t++) {
                    HashFamily family = trained.familyOf(t);
                    int e = trained.entryOf(t);
                    int local = trained.localTable(t);
                    int bits = Math.min(family.maxBits(), 1 + random.nextInt(32));
                    assertEquals(a[e].home(local, family.maxBits()), b[e].home(local, family.maxBits()));
                    a[e].alternatives(local, bits, altA);
                    b[e].alternatives(local, bits, altB);
                    assertEquals(altA.sortedFunctions(), altB.sortedFunctions());
                    for (int p = 0; p < altA.sortedFunctions(); p++) {
                        assertEquals(altA.alternatives(p), altB.alternatives(p));
                        for (int alt = 0; alt < altA.alternatives(p); alt++) {
                            assertEquals(altA.cost(p, alt), altB.cost(p, alt), 0f);
                            assertEquals(altA.delta(p, alt), altB.delta(p, alt));
                        }
                    }
                }
            }
        }
    }

    public void testWrongStateIsRefused() {
        LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "binary", "hashes.0.center", "true"), EUCLIDEAN);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> HashFunctions.create(params, 4, EUCLIDEAN, new float[][] { { 1, 2 } }));
        assertEquals("the state of [hashes.0] has [2] floats but [4] were expected", e.getMessage());
        LshParameters auto = LshParameters.parse(Map.of("hashes.0.type", "discretized"), EUCLIDEAN);
        e = expectThrows(IllegalArgumentException.class, () -> HashFunctions.create(auto, 4, EUCLIDEAN, new float[][] { { -1f } }));
        assertEquals("the bin width of [hashes.0] must be a finite number > [0] but was [-1.0]", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> HashFunctions.create(auto, 4, EUCLIDEAN, new float[0][]));
    }

    public void testSameSeedSameTablesOtherSeedOtherKeys() {
        Random random = random();
        int dims = 16;
        float[][] points = clustered(random, 400, dims);
        Map<String, String> map = new java.util.HashMap<>(everyType(3));
        LshIndex first = LshBuilder.build(VectorSource.of(dims, points), EUCLIDEAN, LshParameters.parse(map, EUCLIDEAN), null);
        LshIndex second = LshBuilder.build(VectorSource.of(dims, points), EUCLIDEAN, LshParameters.parse(map, EUCLIDEAN), null);
        assertEquals(first.tables(), second.tables());
        for (int e = 0; e < first.functions().states().length; e++) {
            assertArrayEquals(first.functions().states()[e], second.functions().states()[e], 0f);
        }
        map.put("seed", "43");
        LshIndex other = LshBuilder.build(VectorSource.of(dims, points), EUCLIDEAN, LshParameters.parse(map, EUCLIDEAN), null);
        for (int t = 0; t < first.tables().tableCount(); t++) {
            HashType type = first.functions().familyOf(t).spec.type();
            if (type == HashType.PCA_BINARY) {
                continue; // principal components do not depend on the seed
            }
            assertFalse("table " + t + " (" + type + ") should change with the seed",
                java.util.Arrays.equals(first.tables().keys()[t], other.tables().keys()[t])
                    && java.util.Arrays.equals(first.tables().ords()[t], other.tables().ords()[t]));
        }
    }

    public void testSignBitsAreSignsOfTheSeededGaussianRows() {
        Random random = random();
        int dims = 1 + random.nextInt(30);
        long seed = random.nextLong();
        LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "binary", "hashes.0.tables", "2", "hashes.0.projections", "20",
            "hashes.0.center", "false", "hashes.0.seed", Long.toString(seed)), EUCLIDEAN);
        HashFunctions functions = HashFunctions.create(params, dims, EUCLIDEAN, new float[][] { {} });
        HashFamily.Hasher hasher = functions.newHashers()[0];
        for (int q = 0; q < 50; q++) {
            float[] x = new float[dims];
            for (int i = 0; i < dims; i++) {
                x[i] = (float) random.nextGaussian();
            }
            hasher.set(x);
            for (int t = 0; t < 2; t++) {
                float[][] rows = SignHash.gaussianRows(SplitMix64.of(seed, t, 0), 20, dims);
                long expected = 0;
                for (float[] row : rows) {
                    expected = (expected << 1) | (VectorUtil.dotProduct(row, x) > 0 ? 1 : 0);
                }
                assertEquals(expected, hasher.home(t, 20));
                int stored = functions.familyOf(t).storedKey(expected);
                assertEquals(expected << 12, stored & 0xFFFFFFFFL);
            }
        }
    }

    public void testPrefixKeysAreCoarserHashes() {
        Random random = random();
        int dims = 2 + random.nextInt(70);
        float[][] points = clustered(random, 200, dims);
        LshParameters params = LshParameters.parse(everyType(2), EUCLIDEAN);
        HashFunctions functions = HashFunctions.train(params, VectorSource.of(dims, points), EUCLIDEAN, null);
        HashFamily.Hasher[] hashers = functions.newHashers();
        for (float[] x : points) {
            for (HashFamily.Hasher h : hashers) {
                h.set(x);
            }
            for (int t = 0; t < functions.tableCount(); t++) {
                HashFamily family = functions.familyOf(t);
                if (family.prefixKeys() == false) {
                    continue;
                }
                HashFamily.Hasher h = hashers[functions.entryOf(t)];
                int local = functions.localTable(t);
                int max = family.maxBits();
                long full = h.home(local, max);
                for (int bits = 0; bits <= max; bits++) {
                    assertEquals(family.spec.type() + " at " + bits + " bits", full >>> (max - bits), h.home(local, bits));
                    assertEquals(full >>> (max - bits), TableLayout.prefix(family.storedKey(full), bits));
                }
            }
        }
    }

    public void testExactDotIsTheScalarReferenceBitForBit() {
        Random random = random();
        for (int trial = 0; trial < 2000; trial++) {
            int length = random.nextInt(300);
            float[] a = new float[length];
            float[] b = new float[length];
            for (int i = 0; i < length; i++) {
                a[i] = (float) random.nextGaussian() * (random.nextBoolean() ? 1e-3f : 1e3f);
                b[i] = (float) random.nextGaussian();
            }
            assertEquals(Float.floatToIntBits(ExactDot.scalar(a, b, length)), Float.floatToIntBits(ExactDot.dot(a, b)));
        }
    }

    public void testHadamardKernelsAgreeBitForBit() {
        Random random = random();
        for (int length = 1; length <= 4096; length <<= 1) {
            float[] x = new float[length];
            float[] signs = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = (float) random.nextGaussian() * (random.nextBoolean() ? 1e-3f : 1e3f);
                signs[i] = random.nextBoolean() ? 1f : -1f;
            }
            float[] expected = x.clone();
            FastHadamard.scalarSignedTransform(expected, signs, length);
            float[] actual = x.clone();
            FastHadamard.signedTransform(actual, signs, length);
            for (int i = 0; i < length; i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]));
            }
        }
    }

    public void testAutomaticBlockDimension() {
        assertEquals(2, CrossPolytopeHash.blockDimension(1, 0));
        assertEquals(2, CrossPolytopeHash.blockDimension(5, 0));
        assertEquals(16, CrossPolytopeHash.blockDimension(50, 0));
        assertEquals(16, CrossPolytopeHash.blockDimension(64, 0));
        assertEquals(32, CrossPolytopeHash.blockDimension(128, 0));
        assertEquals(64, CrossPolytopeHash.blockDimension(784, 0));
        assertEquals(64, CrossPolytopeHash.blockDimension(4096, 0));
        assertEquals(8, CrossPolytopeHash.blockDimension(5, 64)); // capped at the padded dimension
        assertEquals(1024, CrossPolytopeHash.paddedDimension(784));
        assertEquals(64, CrossPolytopeHash.paddedDimension(64));
    }

    public void testHadamardIsItsOwnInverseUpToScale() {
        Random random = random();
        for (int length : new int[] { 1, 2, 4, 8, 64, 1024 }) {
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] y = x.clone();
            FastHadamard.transform(y, length);
            assertEquals(length * VectorUtil.dotProduct(x, x), VectorUtil.dotProduct(y, y), 1e-3 * length * length);
            FastHadamard.transform(y, length);
            for (int i = 0; i < length; i++) {
                assertEquals(length * x[i], y[i], 1e-3 * length);
            }
        }
    }

    public void testCrossPolytopeCodesAreTheNearestSignedAxes() {
        Random random = random();
        int dims = 1 + random.nextInt(100);
        int block = 1 << (1 + random.nextInt(4));
        LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "cross_polytope", "hashes.0.dimension", Integer.toString(block),
            "hashes.0.tables", "3", "hashes.0.center", "false"), EUCLIDEAN);
        HashFunctions functions = HashFunctions.create(params, dims, EUCLIDEAN, new float[][] { {} });
        HashFamily.Hasher hasher = functions.newHashers()[0];
        ProbeAlternatives alts = new ProbeAlternatives();
        int padded = CrossPolytopeHash.paddedDimension(dims);
        int b = CrossPolytopeHash.blockDimension(dims, block);
        int codeBits = Integer.numberOfTrailingZeros(b) + 1;
        for (int q = 0; q < 30; q++) {
            float[] x = new float[dims];
            for (int i = 0; i < dims; i++) {
                x[i] = (float) random.nextGaussian();
            }
            hasher.set(x);
            // a full first function: its alternatives move the code only, cheapest first; the cheapest moves to the
            // second-largest coordinate, at cost (|y1| - |y2|)^2 / 2 in orthonormal coordinates
            for (int t = 0; t < 3; t++) {
                long code = hasher.home(t, codeBits);
                assertTrue(code >= 0 && code < 2L * b);
                hasher.alternatives(t, codeBits, alts);
                assertEquals(1, alts.sortedFunctions());
                int count = alts.alternatives(0);
                assertEquals(Math.min(2 * b - 1, ProbeAlternatives.MAX_ALTERNATIVES), count);
                for (int a = 1; a < count; a++) {
                    assertTrue(alts.cost(0, a - 1) <= alts.cost(0, a));
                }
                for (int a = 0; a < count; a++) {
                    long moved = code + alts.delta(0, a);
                    assertTrue(moved >= 0 && moved < 2L * b && moved != code);
                }
            }
        }
        assertTrue(padded >= dims && Integer.bitCount(padded) == 1);
    }

    /** Moving a point just past the edge an alternative names changes that function's code as the delta says. */
    public void testAlternativesMatchMovedPoints() {
        Random random = random();
        int dims = 2 + random.nextInt(20);
        LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "binary", "hashes.0.tables", "1", "hashes.0.projections", "8",
            "hashes.0.center", "false", "hashes.1.type", "discretized", "hashes.1.tables", "1", "hashes.1.projections", "1",
            "hashes.1.bin_width", "0.7"), EUCLIDEAN);
        HashFunctions functions = HashFunctions.create(params, dims, EUCLIDEAN, new float[][] { {}, {} });
        HashFamily.Hasher[] hashers = functions.newHashers();
        ProbeAlternatives alts = new ProbeAlternatives();
        float[][] binaryRows = SignHash.gaussianRows(SplitMix64.of(params.hashes().get(0).seed(), 0, 0), 8, dims);
        float[] binnedRow = SignHash.gaussianRows(SplitMix64.of(params.hashes().get(1).seed(), 0, 0), 1, dims)[0];
        SplitMix64 offsets = SplitMix64.of(params.hashes().get(1).seed(), 0, 1);
        offsets.nextDouble();
        long up = offsets.nextLong() | 1; // the multiplier: one bin up adds it
        for (int q = 0; q < 30; q++) {
            float[] x = new float[dims];
            for (int i = 0; i < dims; i++) {
                x[i] = (float) random.nextGaussian();
            }
            hashers[0].set(x);
            long home = hashers[0].home(0, 8);
            hashers[0].alternatives(0, 8, alts);
            for (int p = 0; p < alts.sortedFunctions(); p++) {
                long delta = alts.delta(p, 0);
                int bit = 7 - Long.numberOfTrailingZeros(Math.abs(delta));
                float[] r = binaryRows[bit];
                float margin = VectorUtil.dotProduct(r, x);
                float norm2 = VectorUtil.dotProduct(r, r);
                assertEquals(margin * margin / norm2, alts.cost(p, 0), 1e-4f * (1 + alts.cost(p, 0)));
                float[] moved = move(x, r, -margin / norm2 * 1.01f);
                hashers[0].set(moved);
                assertEquals("bit " + bit, ((home + delta) >>> (7 - bit)) & 1, (hashers[0].home(0, 8) >>> (7 - bit)) & 1);
                hashers[0].set(x);
            }
            hashers[1].set(x);
            long bins = hashers[1].home(0, 32);
            hashers[1].alternatives(0, 32, alts);
            assertEquals(1, alts.sortedFunctions());
            assertEquals(2, alts.alternatives(0));
            float norm2 = VectorUtil.dotProduct(binnedRow, binnedRow);
            for (int a = 0; a < 2; a++) {
                float distance = (float) Math.sqrt(alts.cost(0, a) * norm2); // along the row, in projection units
                float direction = alts.delta(0, a) == up ? 1 : -1;
                float[] moved = move(x, binnedRow, direction * (distance * 1.001f + 1e-4f) / norm2);
                hashers[1].set(moved);
                assertEquals(bins + alts.delta(0, a), hashers[1].home(0, 32));
            }
        }
    }

    private static float[] move(float[] x, float[] r, float step) {
        float[] moved = x.clone();
        for (int i = 0; i < x.length; i++) {
            moved[i] += step * r[i];
        }
        return moved;
    }

    public void testPrincipalComponentsFindTheDominantDirections() {
        Random random = random();
        int dims = 12;
        int n = 3000;
        float[][] points = new float[n][dims];
        for (float[] p : points) {
            for (int i = 0; i < dims; i++) {
                p[i] = 5 + (float) random.nextGaussian() * (i == 3 ? 10 : i == 7 ? 5 : 1);
            }
        }
        InputTransform none = new InputTransform(false, null);
        VectorSource source = VectorSource.of(dims, points);
        float[] mean = PrincipalComponents.mean(source, none, dev.vicinity.ann.BuildMonitor.NONE);
        for (float m : mean) {
            assertEquals(5, m, 0.7);
        }
        float[][] components = PrincipalComponents.fit(source, none, mean, 4, 1, dev.vicinity.ann.BuildMonitor.NONE);
        assertEquals(4, components.length);
        assertEquals(1, Math.abs(components[0][3]), 0.02);
        assertEquals(1, Math.abs(components[1][7]), 0.02);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(a == b ? 1 : 0, VectorUtil.dotProduct(components[a], components[b]), 1e-4);
            }
        }
        // more components than the rank of the data still come out orthonormal
        float[][] line = new float[50][dims];
        for (int p = 0; p < line.length; p++) {
            line[p][0] = p;
        }
        VectorSource lineSource = VectorSource.of(dims, line);
        float[][] many = PrincipalComponents.fit(lineSource, none, PrincipalComponents.mean(lineSource, none, dev.vicinity.ann.BuildMonitor.NONE),
            dims, 3, dev.vicinity.ann.BuildMonitor.NONE);
        assertEquals(1, Math.abs(many[0][0]), 1e-4);
        for (int a = 0; a < dims; a++) {
            assertEquals(1, VectorUtil.dotProduct(many[a], many[a]), 1e-3);
        }
    }

    public void testFittedBinWidthGrowsWithTheBucketSize() {
        Random random = random();
        int dims = 10;
        float[][] points = clustered(random, 2000, dims);
        float previous = 0;
        for (int bucket : new int[] { 1, 4, 16, 64 }) {
            LshParameters params = LshParameters.parse(Map.of("hashes.0.type", "discretized", "hashes.0.bucket_size", Integer.toString(bucket)), EUCLIDEAN);
            float width = HashFunctions.train(params, VectorSource.of(dims, points), EUCLIDEAN, null).states()[0][0];
            assertTrue(width + " after " + previous, width > previous && Float.isFinite(width));
            previous = width;
        }
    }
}
