package dev.vicinity.stats;

import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@link FieldCounters} under concurrent updates, {@link FieldCounts} arithmetic, and {@link CounterRegistry}'s keys. */
public class FieldCountersTests extends LuceneTestCase {

    /** Every update of every thread shows in the snapshot taken after they finish, in the right counter. */
    public void testConcurrentUpdatesAreAllCounted() throws Exception {
        FieldCounters counters = new FieldCounters();
        int threads = 2 + random().nextInt(4);
        int perThread = 500 + random().nextInt(2000);
        long[][] expected = new long[threads][8];
        List<Thread> running = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            long seed = random().nextLong();
            long[] sums = expected[t];
            Thread thread = new Thread(() -> {
                java.util.Random r = new java.util.Random(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) {
                    int vectors = r.nextInt(1000);
                    long nanos = r.nextInt(1_000_000);
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            counters.flushBuilt(vectors, nanos);
                            sums[0]++;
                            sums[1] += vectors;
                            sums[2] += nanos;
                        }
                        case 1 -> {
                            counters.mergeBuilt(vectors, nanos, true);
                            sums[3]++;
                            sums[4] += vectors;
                        }
                        case 2 -> {
                            counters.mergeBuilt(vectors, nanos, false);
                            sums[5]++;
                        }
                        default -> {
                            counters.searched(nanos);
                            sums[6]++;
                            sums[7] += nanos;
                        }
                    }
                }
            });
            running.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        long[] total = new long[8];
        for (long[] sums : expected) {
            for (int i = 0; i < total.length; i++) {
                total[i] += sums[i];
            }
        }
        FieldCounts counts = counters.snapshot();
        assertEquals(total[0], counts.flushes().count());
        assertEquals(total[1], counts.flushes().vectors());
        assertEquals(total[2], counts.flushes().nanos());
        assertEquals(total[3], counts.seededMerges().count());
        assertEquals(total[4], counts.seededMerges().vectors());
        assertEquals(total[5], counts.scratchMerges().count());
        assertEquals(total[6], counts.queries());
        assertEquals(total[7], counts.queryNanos());
        assertEquals(total[3] + total[5], counts.merges().count());
        assertEquals((long) threads * perThread, total[0] + total[3] + total[5] + total[6]);
    }

    public void testPlusAddsEveryCounter() {
        FieldCounts a = new FieldCounts(new FieldCounts.BuildTotals(1, 10, 100), new FieldCounts.BuildTotals(2, 20, 200),
            new FieldCounts.BuildTotals(3, 30, 300), 4, 400);
        FieldCounts b = new FieldCounts(new FieldCounts.BuildTotals(5, 50, 500), new FieldCounts.BuildTotals(6, 60, 600),
            new FieldCounts.BuildTotals(7, 70, 700), 8, 800);
        FieldCounts sum = a.plus(b);
        assertEquals(new FieldCounts.BuildTotals(6, 60, 600), sum.flushes());
        assertEquals(new FieldCounts.BuildTotals(8, 80, 800), sum.seededMerges());
        assertEquals(new FieldCounts.BuildTotals(10, 100, 1000), sum.scratchMerges());
        assertEquals(new FieldCounts.BuildTotals(18, 180, 1800), sum.merges());
        assertEquals(12, sum.queries());
        assertEquals(1200, sum.queryNanos());
        assertEquals(a, a.plus(FieldCounts.NONE));
    }

    /** One index's counters whatever wraps its directory; another index's, or another field's, are separate. */
    public void testRegistryKeysByInnermostDirectoryAndField() throws Exception {
        try (Directory one = new ByteBuffersDirectory(); Directory two = new ByteBuffersDirectory()) {
            Directory wrapped = new FilterDirectory(new FilterDirectory(one) {}) {};
            CounterRegistry.field(wrapped, "v").flushBuilt(7, 70);
            CounterRegistry.field(one, "v").searched(5);
            CounterRegistry.field(one, "w").searched(9);
            CounterRegistry.field(two, "v").mergeBuilt(3, 30, true);

            FieldCounts v = CounterRegistry.snapshot(one).get("v");
            assertEquals(new FieldCounts.BuildTotals(1, 7, 70), v.flushes());
            assertEquals(1, v.queries());
            assertEquals(5, v.queryNanos());
            assertEquals(FieldCounts.BuildTotals.NONE, v.merges());
            assertEquals(List.of("v", "w"), List.copyOf(CounterRegistry.snapshot(wrapped).keySet()));
            assertEquals(9, CounterRegistry.snapshot(one).get("w").queryNanos());

            FieldCounts other = CounterRegistry.snapshot(two).get("v");
            assertEquals(new FieldCounts.BuildTotals(1, 3, 30), other.seededMerges());
            assertEquals(0, other.queries());
            assertEquals(1, CounterRegistry.snapshot(two).size());
        }
        try (Directory untouched = new ByteBuffersDirectory()) {
            assertTrue(CounterRegistry.snapshot(untouched).isEmpty());
            // reading does not register the index
            assertTrue(CounterRegistry.snapshot(untouched).isEmpty());
        }
    }
}
