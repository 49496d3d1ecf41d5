package dev.vicinity.metric;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.tests.util.LuceneTestCase;

/** The registry: names, the permanent id table, and every error a mapping or a segment can run into. */
public class MetricsTests extends LuceneTestCase {

    /**
     * The on-disk ids, written out literally. They are part of the file format: if this test fails because an id
     * changed, the change is wrong, not the test.
     */
    private static final Map<String, Integer> PINNED_IDS = pinnedIds();

    private static Map<String, Integer> pinnedIds() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put("euclidean", 1);
        ids.put("sqeuclidean", 2);
        ids.put("cosine", 3);
        ids.put("dot", 4);
        ids.put("manhattan", 5);
        ids.put("chebyshev", 6);
        ids.put("minkowski", 7);
        ids.put("hamming", 8);
        ids.put("jaccard", 9);
        ids.put("correlation", 10);
        ids.put("canberra", 11);
        ids.put("braycurtis", 12);
        return ids;
    }

    public void testNamesInDocumentationOrder() {
        assertEquals(List.copyOf(PINNED_IDS.keySet()), Metrics.names());
    }

    public void testIdsArePinned() {
        for (Map.Entry<String, Integer> pinned : PINNED_IDS.entrySet()) {
            float p = pinned.getKey().equals("minkowski") ? 3f : Float.NaN;
            Metric metric = Metrics.byName(pinned.getKey(), p);
            assertEquals(pinned.getKey(), pinned.getValue().intValue(), metric.id());
            assertEquals(pinned.getKey(), metric.name());
        }
        // The constants too, in case a metric stopped using them.
        assertEquals(1, Metrics.EUCLIDEAN);
        assertEquals(2, Metrics.SQEUCLIDEAN);
        assertEquals(3, Metrics.COSINE);
        assertEquals(4, Metrics.DOT);
        assertEquals(5, Metrics.MANHATTAN);
        assertEquals(6, Metrics.CHEBYSHEV);
        assertEquals(7, Metrics.MINKOWSKI);
        assertEquals(8, Metrics.HAMMING);
        assertEquals(9, Metrics.JACCARD);
        assertEquals(10, Metrics.CORRELATION);
        assertEquals(11, Metrics.CANBERRA);
        assertEquals(12, Metrics.BRAYCURTIS);
    }

    public void testIdsAreUnique() {
        Set<Integer> ids = new HashSet<>();
        for (String name : Metrics.names()) {
            Metric metric = Metrics.byName(name, name.equals("minkowski") ? 1.5f : Float.NaN);
            assertTrue("id " + metric.id() + " of " + name + " is taken twice", ids.add(metric.id()));
        }
        assertEquals(12, ids.size());
    }

    public void testByNameIsCaseInsensitive() {
        assertSame(Metrics.byName("cosine", Float.NaN), Metrics.byName("CoSiNe", Float.NaN));
        assertEquals("braycurtis", Metrics.byName("BRAYCURTIS", Float.NaN).name());
        assertEquals(Metrics.byName("minkowski", 3f), Metrics.byName("Minkowski", 3f));
        // Whatever default locale the test runner picked (Turkish lower-cases "I" to a dotless i), upper-case names
        // resolve.
        for (String name : Metrics.names()) {
            float p = name.equals("minkowski") ? 2f : Float.NaN;
            assertEquals(name, Metrics.byName(name.toUpperCase(Locale.ROOT), p).name());
        }
    }

    public void testRoundTripThroughId() {
        for (String name : Metrics.names()) {
            float p = name.equals("minkowski") ? 1 + 10 * random().nextFloat() : Float.NaN;
            Metric metric = Metrics.byName(name, p);
            Metric read = Metrics.byId(metric.id(), metric.parameter());
            assertEquals(name, metric, read);
            assertEquals(name, metric.name(), read.name());
            assertEquals(name, Float.floatToIntBits(metric.parameter()), Float.floatToIntBits(read.parameter()));
        }
    }

    public void testMinkowskiKeepsItsParameter() {
        float p = 1 + 10 * random().nextFloat();
        Metric minkowski = Metrics.byName("minkowski", p);
        assertEquals(p, minkowski.parameter(), 0f);
        Metric read = Metrics.byId(7, p);
        assertEquals(p, read.parameter(), 0f);
        assertEquals(minkowski, read);
        assertEquals(minkowski.hashCode(), read.hashCode());
        assertNotEquals(minkowski, Metrics.byName("minkowski", p + 1));
        assertEquals(1f, Metrics.byName("minkowski", 1f).parameter(), 0f); // the smallest order allowed
    }

    public void testUnknownName() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("xyz", Float.NaN));
        assertEquals("unknown metric [xyz], expected one of [euclidean, sqeuclidean, cosine, dot, manhattan, chebyshev, "
            + "minkowski, hamming, jaccard, correlation, canberra, braycurtis]", e.getMessage());
    }

    public void testUnknownId() {
        for (int id : new int[] { 0, -1, 13, Integer.MAX_VALUE }) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Metrics.byId(id, Float.NaN));
            assertEquals("unknown metric id [" + id + "]", e.getMessage());
        }
    }

    public void testMinkowskiNeedsItsParameter() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", Float.NaN));
        assertEquals("metric [minkowski] requires parameter [p]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byId(7, Float.NaN));
        assertEquals("metric [minkowski] requires parameter [p]", e.getMessage());
    }

    public void testMinkowskiRejectsBadParameters() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", 0.5f));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [0.5]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", 0f));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [0.0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", -2f));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [-2.0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", Math.nextDown(1f)));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [0.99999994]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", Float.NEGATIVE_INFINITY));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [-Infinity]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("minkowski", Float.POSITIVE_INFINITY));
        assertEquals("metric [minkowski] needs a finite parameter [p] but got [Infinity]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Metrics.byId(7, 0.5f));
        assertEquals("metric [minkowski] needs a parameter [p] >= 1 but got [0.5]", e.getMessage());
    }

    public void testParameterGivenToMetricWithoutOne() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName("euclidean", 2f));
        assertEquals("metric [euclidean] takes no parameter but got [p=2.0]", e.getMessage());
        for (String name : Metrics.names()) {
            if (name.equals("minkowski") == false) {
                e = expectThrows(IllegalArgumentException.class, () -> Metrics.byName(name, 1f));
                assertEquals("metric [" + name + "] takes no parameter but got [p=1.0]", e.getMessage());
                Metric metric = Metrics.byName(name, Float.NaN);
                e = expectThrows(IllegalArgumentException.class, () -> Metrics.byId(metric.id(), 3f));
                assertEquals("metric [" + name + "] takes no parameter but got [p=3.0]", e.getMessage());
            }
        }
    }

    public void testParameterlessMetricsAreSingletons() {
        for (String name : Metrics.names()) {
            if (name.equals("minkowski") == false) {
                Metric metric = Metrics.byName(name, Float.NaN);
                assertSame(name, metric, Metrics.byId(metric.id(), Float.NaN));
                assertTrue(name, Float.isNaN(metric.parameter()));
            }
        }
    }
}
