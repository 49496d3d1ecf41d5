package dev.vicinity.forest;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.tests.util.LuceneTestCase;

/** What {@link ForestSearcher#collect} returns: slots, distinct candidates, votes, filters and the budget. */
public class ForestSearchTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    private static Forest forest(float[][] points, int trees, int leafSize) {
        return ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, new ForestParameters(trees, leafSize, -1, random().nextLong()), null);
    }

    public void testSearchKCountsCandidateSlotsAcrossTrees() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 1000, 8, 6, 0f);
        int trees = 6;
        Forest forest = forest(points, trees, 10);
        float[] query = points[random.nextInt(points.length)];
        // Annoy's rule, and the sum rule one path at a time and in lanes (the default)
        for (ForestSearcher searcher : new ForestSearcher[] { new ForestSearcher(forest, PathPriority.MIN_MARGIN),
            new ForestSearcher(forest, PathPriority.SUM_OF_MARGINS, 1), new ForestSearcher(forest) }) {
            for (int searchK : new int[] { 1, 7, 50, 500, 2000 }) {
                int count = searcher.collect(query, searchK, 1, 1, Integer.MAX_VALUE, null);
                assertTrue(searcher.slots() + " slots for " + searchK, searcher.slots() >= searchK);
                assertTrue("the last leaf overshoots by less than a leaf", searcher.slots() < searchK + forest.maxLeafSize());
                assertEquals(searcher.distinct(), count);
                long votes = 0;
                for (int i = 0; i < count; i++) {
                    votes += searcher.votes()[i];
                }
                assertEquals("every slot is one vote of one candidate", searcher.slots(), votes);
            }
            // every leaf of every tree: each point in each tree once
            int count = searcher.collect(query, trees * points.length, 1, 1, Integer.MAX_VALUE, null);
            assertEquals(trees * points.length, searcher.slots());
            assertEquals(points.length, count);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                assertTrue("distinct", seen.add(searcher.candidates()[i]));
                assertEquals(trees, searcher.votes()[i]);
            }
            // asking for more than the forest holds stops when it runs out
            searcher.collect(query, ForestParameters.MAX_SEARCH_K, 1, 1, Integer.MAX_VALUE, null);
            assertEquals(trees * points.length, searcher.slots());
        }
    }

    public void testVotesKeepCandidatesFoundInSeveralTrees() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 2000, 10, 8, 0f);
        Forest forest = forest(points, 8, 12);
        ForestSearcher searcher = new ForestSearcher(forest);
        float[] query = ForestTestData.clustered(random, 1, 10, 1, 0f)[0];
        int searchK = 400;
        Map<Integer, Integer> all = collectAll(searcher, query, searchK);
        Set<Integer> previous = null;
        for (int votes = 1; votes <= 8; votes++) {
            int count = searcher.collect(query, searchK, votes, 1, Integer.MAX_VALUE, null);
            Set<Integer> kept = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int point = searcher.candidates()[i];
                kept.add(point);
                assertEquals(all.get(point), Integer.valueOf(searcher.votes()[i]));
            }
            final int v = votes;
            long expected = Math.max(1, all.values().stream().filter(x -> x >= v).count()); // minCandidates 1
            assertEquals("votes " + votes, expected, count);
            if (previous != null) {
                assertTrue("more votes keep a subset", previous.containsAll(kept));
            }
            previous = kept;
        }
        // too few pass: the most-voted of the rest fill up to minCandidates
        int count = searcher.collect(query, searchK, 8, 25, Integer.MAX_VALUE, null);
        assertEquals(Math.min(25, all.size()), count);
        assertMostVoted(searcher, count, all);
    }

    public void testBudgetKeepsTheMostVoted() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 2000, 10, 8, 0f);
        Forest forest = forest(points, 8, 12);
        ForestSearcher searcher = new ForestSearcher(forest);
        float[] query = points[random.nextInt(points.length)];
        Map<Integer, Integer> all = collectAll(searcher, query, 600);
        int budget = 1 + random.nextInt(all.size() - 1);
        int count = searcher.collect(query, 600, 1, 10, budget, null);
        assertEquals(budget, count);
        assertMostVoted(searcher, count, all);
        expectThrows(IllegalArgumentException.class, () -> searcher.collect(query, 600, 1, 10, 0, null));
    }

    public void testRejectedOrdinalsAreNeverReturned() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 1500, 6, 5, 0f);
        Forest forest = forest(points, 5, 10);
        ForestSearcher searcher = new ForestSearcher(forest);
        float[] query = points[0];
        for (int votes : new int[] { 1, 2 }) {
            int count = searcher.collect(query, 500, votes, 10, 50, ord -> ord % 3 == 0);
            assertTrue(count > 0);
            for (int i = 0; i < count; i++) {
                assertEquals(0, searcher.candidates()[i] % 3);
            }
        }
        ForestHits hits = searcher.search(query, ord -> EUCLIDEAN.fastDistance(query, points[ord]), 5, 500, 1, Integer.MAX_VALUE, ord -> ord % 3 == 0);
        assertEquals(5, hits.size());
        for (int i = 0; i < hits.size(); i++) {
            assertEquals(0, hits.ords()[i] % 3);
            if (i > 0) {
                assertTrue("nearest first", hits.fastDistances()[i - 1] <= hits.fastDistances()[i]);
            }
        }
        assertEquals("the query point itself is found first", 0, hits.ords()[0]);
    }

    public void testReusedSearcherAnswersLikeAFreshOne() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 1500, 8, 5, 0f);
        Forest forest = forest(points, 6, 16);
        ForestSearcher reused = new ForestSearcher(forest);
        for (int q = 0; q < 20; q++) {
            float[] query = points[random.nextInt(points.length)];
            int searchK = 1 + random.nextInt(3000);
            int votes = 1 + random.nextInt(3);
            int count = reused.collect(query, searchK, votes, 10, Integer.MAX_VALUE, null);
            ForestSearcher fresh = new ForestSearcher(forest);
            assertEquals(count, fresh.collect(query, searchK, votes, 10, Integer.MAX_VALUE, null));
            for (int i = 0; i < count; i++) {
                assertEquals(fresh.candidates()[i], reused.candidates()[i]);
            }
        }
    }

    public void testArgumentsAreChecked() {
        Forest forest = forest(ForestTestData.clustered(random(), 100, 4, 2, 0f), 2, 10);
        ForestSearcher searcher = new ForestSearcher(forest);
        expectThrows(IllegalArgumentException.class, () -> searcher.collect(new float[3], 10, 1, 1, 10, null));
        expectThrows(IllegalArgumentException.class, () -> searcher.collect(new float[4], 0, 1, 1, 10, null));
        expectThrows(IllegalArgumentException.class, () -> searcher.collect(new float[4], 10, 0, 1, 10, null));
        expectThrows(IllegalArgumentException.class, () -> searcher.search(new float[4], ord -> 0f, 0, 10, 1, 10, null));
    }

    /** Every distinct candidate of a search and its votes. */
    private static Map<Integer, Integer> collectAll(ForestSearcher searcher, float[] query, int searchK) {
        int count = searcher.collect(query, searchK, 1, 1, Integer.MAX_VALUE, null);
        Map<Integer, Integer> all = new HashMap<>();
        for (int i = 0; i < count; i++) {
            all.put(searcher.candidates()[i], searcher.votes()[i]);
        }
        return all;
    }

    /** The returned candidates have at least the votes of every candidate left out. */
    private static void assertMostVoted(ForestSearcher searcher, int count, Map<Integer, Integer> all) {
        Set<Integer> kept = new HashSet<>();
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            kept.add(searcher.candidates()[i]);
            fewest = Math.min(fewest, all.get(searcher.candidates()[i]));
        }
        assertEquals("distinct", count, kept.size());
        for (Map.Entry<Integer, Integer> e : all.entrySet()) {
            if (kept.contains(e.getKey()) == false) {
                assertTrue(e.getKey() + " left out with " + e.getValue() + " votes, " + fewest + " kept", e.getValue() <= fewest);
            }
        }
    }
}
