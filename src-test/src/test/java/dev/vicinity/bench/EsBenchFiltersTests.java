package dev.vicinity.bench;

import dev.vicinity.eval.Neighbors;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.elasticsearch.test.ESTestCase;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The filters of {@code --via es} without a node: the k-means cluster that follows the data (found, of the right size,
 * the same on every run), the rows each filter accepts, and the filtered ground truth (a brute force over the accepted
 * rows alone, ids mapped back to rows).
 */
public class EsBenchFiltersTests extends ESTestCase {

    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), 60_000);
    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    /** Ten well separated blobs holding 30, 5, 12, 8, 10, 15, 6, 4, 6 and 4 percent of the rows, in shuffled order. */
    private static final int[] BLOB_SIZES = { 300, 50, 120, 80, 100, 150, 60, 40, 60, 40 };

    private static float[][] blobs(int[] blobOfRow) {
        Random random = new Random(7); // fixed: the data are part of the test, not of its randomization
        List<Integer> order = new java.util.ArrayList<>();
        for (int blob = 0; blob < BLOB_SIZES.length; blob++) {
            for (int i = 0; i < BLOB_SIZES[blob]; i++) {
                order.add(blob);
            }
        }
        java.util.Collections.shuffle(order, random);
        float[][] rows = new float[order.size()][];
        for (int row = 0; row < rows.length; row++) {
            int blob = order.get(row);
            blobOfRow[row] = blob;
            rows[row] = new float[] { 1000f * blob + (float) random.nextGaussian(), -500f * blob + (float) random.nextGaussian(), (float) random.nextGaussian() };
        }
        return rows;
    }

    public void testTheClusterFollowsTheDataAndHoldsATenth() {
        int[] blobOfRow = new int[1000];
        float[][] rows = blobs(blobOfRow);
        KMeans.Choice choice = KMeans.choose(rows, EUCLIDEAN, KMeans.SEED);
        assertEquals(10, choice.clusters());
        // k-means finds the blobs: every cluster is exactly one blob
        for (int c = 0; c < 10; c++) {
            int cluster = c;
            Set<Integer> blobs = new HashSet<>();
            IntStream.range(0, rows.length).filter(r -> choice.assignment()[r] == cluster).forEach(r -> blobs.add(blobOfRow[r]));
            assertEquals("cluster " + c + " holds rows of blobs " + blobs, 1, blobs.size());
        }
        // of the clusters holding 5% to 15%, the one closest to 10%: the blob of 100 rows
        assertEquals(100, choice.size());
        BenchFilter filter = BenchFilter.of("cluster", rows.length, choice);
        assertEquals(100, filter.acceptedRows().length);
        int blob = blobOfRow[filter.acceptedRows()[0]];
        assertEquals(4, blob);
        for (int row : filter.acceptedRows()) {
            assertEquals(blob, blobOfRow[row]);
        }
        assertEquals("{\"term\":{\"cluster\":" + choice.cluster() + "}}", filter.query());
        // the same seed gives the same clusters
        assertArrayEquals(choice.assignment(), KMeans.choose(rows, EUCLIDEAN, KMeans.SEED).assignment());
        assertEquals("\"row\":17,\"mod10\":7,\"mod100\":17,\"cluster\":" + choice.assignment()[17], BenchFilter.documentFields(17, choice));
    }

    public void testPickTakesTheSizeClosestToATenthWithinBounds() {
        assertEquals(2, KMeans.pick(new int[] { 600, 40, 130, 230 }, 1000)); // 4% too small, 13% in, 23% too big
        assertEquals(3, KMeans.pick(new int[] { 700, 90, 110, 100 }, 1000)); // 9%, 11% and 10% in: 10%
        assertEquals(-1, KMeans.pick(new int[] { 500, 500 }, 1000));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> KMeans.choose(new float[][] { { 0f }, { 1f }, { 2f } }, EUCLIDEAN, KMeans.SEED));
        assertTrue(e.getMessage(), e.getMessage().contains("leave [cluster] out of [--filter]"));
    }

    public void testUnrelatedFiltersAcceptEveryNthRow() {
        BenchFilter mod10 = BenchFilter.of("mod10", 1000, null);
        assertEquals(100, mod10.acceptedRows().length);
        assertEquals(0.1, mod10.fraction(1000), 0);
        assertTrue(Arrays.stream(mod10.acceptedRows()).allMatch(r -> r % 10 == 0));
        assertEquals("{\"term\":{\"mod100\":0}}", BenchFilter.of("mod100", 1000, null).query());
        assertEquals(10, BenchFilter.of("mod100", 1000, null).acceptedRows().length);
        assertNull(BenchFilter.of("none", 1000, null).query());
        assertEquals(1000, BenchFilter.of("none", 1000, null).acceptedRows().length);
    }

    public void testFilteredGroundTruthIsTheNearestAcceptedRows() {
        Random random = new Random(randomLong());
        float[][] base = new float[500][8];
        for (float[] row : base) {
            for (int d = 0; d < row.length; d++) {
                row[d] = random.nextInt(4); // few distinct values: many ties, which go to the lower row
            }
        }
        float[][] queries = new float[5][8];
        for (float[] query : queries) {
            for (int d = 0; d < query.length; d++) {
                query[d] = random.nextInt(4);
            }
        }
        Dataset dataset = new Dataset("tiny", EUCLIDEAN, base, queries, null);
        BenchFilter filter = BenchFilter.of("mod10", base.length, null);
        Neighbors[] truth = GroundTruth.filtered(dataset, queries.length, 10, filter.acceptedRows(), "filter mod10", QUIET);
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            int[] expected = Arrays.stream(filter.acceptedRows()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(r -> EUCLIDEAN.distance(query, base[r])).thenComparing(r -> r))
                .limit(10).mapToInt(Integer::intValue).toArray();
            assertArrayEquals("query " + q, expected, truth[q].ids());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(EUCLIDEAN.distance(query, base[expected[i]]), truth[q].distances()[i], 0f);
            }
        }
        // fewer accepted rows than k: all of them
        Neighbors[] few = GroundTruth.filtered(dataset, 1, 10, new int[] { 3, 99, 250 }, "three rows", QUIET);
        assertEquals(Set.of(3, 99, 250), new HashSet<>(Arrays.stream(few[0].ids()).boxed().toList()));
    }
}
