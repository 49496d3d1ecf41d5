package dev.vicinity.forest;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.apache.lucene.tests.util.LuceneTestCase;

public class VoteCounterTests extends LuceneTestCase {

    public void testCountsLikeAMapAcrossResetsAndGrowth() {
        Random random = random();
        VoteCounter counter = new VoteCounter();
        for (int round = 0; round < 20; round++) {
            int slots = 1 + random.nextInt(2000);
            // room for fewer slots than are voted sometimes, so the table must grow
            counter.reset(random.nextBoolean() ? slots : 1 + slots / 10);
            Map<Integer, Integer> expected = new HashMap<>();
            int range = 1 + random.nextInt(3 * slots);
            for (int i = 0; i < slots; i++) {
                int point = random.nextInt(range);
                counter.vote(point);
                expected.merge(point, 1, Integer::sum);
            }
            assertEquals(expected.size(), counter.distinct());
            for (int i = 0; i < counter.distinct(); i++) {
                assertEquals(expected.get(counter.candidate(i)), Integer.valueOf(counter.votes(i)));
            }
        }
    }

    public void testNodeQueuePopsByPriority() {
        Random random = random();
        NodeQueue queue = new NodeQueue();
        for (int round = 0; round < 5; round++) {
            queue.clear();
            int n = 1 + random.nextInt(500);
            float[] priorities = new float[n];
            for (int i = 0; i < n; i++) {
                priorities[i] = random.nextInt(10) == 0 ? Float.POSITIVE_INFINITY : (float) random.nextGaussian();
                queue.push(priorities[i], random.nextBoolean() ? i : ~i);
            }
            float last = Float.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                float top = queue.topPriority();
                long entry = queue.pop();
                assertEquals(top, NodeQueue.priority(entry), 0f);
                assertTrue(top <= last);
                int code = NodeQueue.code(entry);
                assertEquals(priorities[code >= 0 ? code : ~code], top, 0f);
                last = top;
            }
            assertTrue(queue.isEmpty());
        }
    }
}
