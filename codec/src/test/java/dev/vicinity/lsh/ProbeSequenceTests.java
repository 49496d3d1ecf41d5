package dev.vicinity.lsh;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.tests.util.LuceneTestCase;

/** The multi-probe order: every combination of alternatives exactly once, in increasing cost, across tables. */
public class ProbeSequenceTests extends LuceneTestCase {

    /** Functions with random alternatives; deltas are distinct powers of 16 times (alternative + 1), so sums identify combinations. */
    private static ProbeAlternatives randomTable(Random random, int functions, List<float[]> costsOut) {
        ProbeAlternatives alts = new ProbeAlternatives();
        alts.clear();
        for (int f = 0; f < functions; f++) {
            alts.addFunction();
            int count = 1 + random.nextInt(4);
            float[] costs = new float[count];
            for (int a = 0; a < count; a++) {
                costs[a] = random.nextInt(5) == 0 ? 0f : random.nextFloat() * 10;
                alts.offer(costs[a], (long) (a + 1) << (4 * f));
            }
            costsOut.add(costs);
        }
        alts.finish();
        return alts;
    }

    public void testEveryCombinationOnceInIncreasingCost() {
        Random random = random();
        int tables = 1 + random.nextInt(3);
        ProbeAlternatives[] alts = new ProbeAlternatives[tables];
        List<List<float[]>> costs = new ArrayList<>();
        long expectedProbes = 0;
        ProbeSequence sequence = new ProbeSequence();
        for (int t = 0; t < tables; t++) {
            List<float[]> tableCosts = new ArrayList<>();
            alts[t] = randomTable(random, 1 + random.nextInt(5), tableCosts);
            costs.add(tableCosts);
            long combinations = 1;
            for (float[] c : tableCosts) {
                combinations *= c.length + 1;
            }
            expectedProbes += combinations;
            sequence.pushHome(t, 0L);
        }
        Set<String> seen = new HashSet<>();
        float last = 0;
        long probes = 0;
        while (sequence.isEmpty() == false) {
            sequence.pop();
            probes++;
            int t = sequence.topTable;
            long v = sequence.topPreKey;
            assertTrue("costs never decrease: " + sequence.topCost + " after " + last, sequence.topCost >= last - 1e-4f);
            last = sequence.topCost;
            assertTrue("probe " + t + ":" + v + " twice", seen.add(t + ":" + v));
            // the cost is the sum of the chosen alternatives' costs
            float cost = 0;
            List<float[]> tableCosts = costs.get(t);
            for (int f = 0; f < tableCosts.size(); f++) {
                int alternative = (int) ((v >>> (4 * f)) & 15);
                if (alternative > 0) {
                    cost += tableCosts.get(f)[alternative - 1]; // the delta names the alternative by its offer order
                }
            }
            assertEquals(cost, sequence.topCost, 1e-3f);
            sequence.pushSuccessors(alts[t]);
        }
        assertEquals(expectedProbes, probes);
    }

    public void testOnlyTheCheapestAlternativesAreKept() {
        ProbeAlternatives alts = new ProbeAlternatives();
        alts.clear();
        alts.addFunction();
        for (int i = 100; i > 0; i--) {
            alts.offer(i, i);
        }
        alts.addFunction(); // a function without alternatives is left out of the order
        alts.finish();
        assertEquals(1, alts.sortedFunctions());
        assertEquals(ProbeAlternatives.MAX_ALTERNATIVES, alts.alternatives(0));
        for (int a = 0; a < ProbeAlternatives.MAX_ALTERNATIVES; a++) {
            assertEquals(a + 1, alts.cost(0, a), 0f);
            assertEquals(a + 1, alts.delta(0, a));
        }
    }

    public void testFunctionsAreOrderedByTheirCheapestAlternative() {
        ProbeAlternatives alts = new ProbeAlternatives();
        alts.clear();
        float[] firsts = { 5, 1, 3, 0, 4 };
        for (int f = 0; f < firsts.length; f++) {
            alts.addFunction();
            alts.offer(firsts[f] + 10, 100 + f);
            alts.offer(firsts[f], f);
        }
        alts.finish();
        int[] expected = { 3, 1, 2, 4, 0 };
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], alts.delta(p, 0));
            assertEquals(100 + expected[p], alts.delta(p, 1));
        }
    }
}
