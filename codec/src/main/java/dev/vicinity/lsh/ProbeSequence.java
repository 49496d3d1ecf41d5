package dev.vicinity.lsh;

/**
 * The multi-probe order of one query across all tables (Lv et al.'s multi-probe LSH, as FALCONN runs it over
 * several tables at once): a min-heap of probes by cost, where a probe is a table and a choice of at most one
 * alternative per hash function, and its cost the sum of the chosen alternatives' costs. Every table's own bucket
 * (cost 0) comes first.
 *
 * <p>Each probe is generated exactly once, from a unique parent of no greater cost: with the functions sorted by
 * their cheapest alternative ({@link ProbeAlternatives}), a probe is identified by the last sorted position
 * {@code p} it changes and the alternative {@code a} it uses there, and its successors are
 * <ul>
 *   <li><em>deepen</em>: the next alternative at {@code p};</li>
 *   <li><em>expand</em>: also the cheapest alternative at {@code p + 1};</li>
 *   <li><em>shift</em> (only when {@code a} is the cheapest): the cheapest alternative at {@code p + 1} instead of at {@code p}.</li>
 * </ul>
 * So popping {@code P} probes pushes at most {@code 3P}. Reused from query to query.
 */
final class ProbeSequence {

    private float[] cost = new float[64];
    private int[] table = new int[64];
    private int[] position = new int[64];
    private int[] alternative = new int[64];
    private long[] preKey = new long[64];
    private int size;

    /** Fields of the last {@link #pop()}. */
    float topCost;
    int topTable;
    int topPosition;
    int topAlternative;
    long topPreKey;

    void reset() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Pushes a table's own bucket. */
    void pushHome(int t, long v) {
        push(0f, t, -1, 0, v);
    }

    /** Pushes the successors of the last popped probe, whose table's alternatives are {@code alts}. */
    void pushSuccessors(ProbeAlternatives alts) {
        int p = topPosition;
        int a = topAlternative;
        int functions = alts.sortedFunctions();
        if (p >= 0 && a + 1 < alts.alternatives(p)) {
            push(topCost - alts.cost(p, a) + alts.cost(p, a + 1), topTable, p, a + 1, topPreKey - alts.delta(p, a) + alts.delta(p, a + 1));
        }
        if (p + 1 < functions) {
            push(topCost + alts.cost(p + 1, 0), topTable, p + 1, 0, topPreKey + alts.delta(p + 1, 0));
            if (p >= 0 && a == 0) {
                push(topCost - alts.cost(p, 0) + alts.cost(p + 1, 0), topTable, p + 1, 0, topPreKey - alts.delta(p, 0) + alts.delta(p + 1, 0));
            }
        }
    }

    private void push(float c, int t, int p, int a, long v) {
        if (size == cost.length) {
            int grown = size * 2;
            cost = java.util.Arrays.copyOf(cost, grown);
            table = java.util.Arrays.copyOf(table, grown);
            position = java.util.Arrays.copyOf(position, grown);
            alternative = java.util.Arrays.copyOf(alternative, grown);
            preKey = java.util.Arrays.copyOf(preKey, grown);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (cost[parent] <= c) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, c, t, p, a, v);
    }

    /** Removes the cheapest probe into the {@code top*} fields. */
    void pop() {
        topCost = cost[0];
        topTable = table[0];
        topPosition = position[0];
        topAlternative = alternative[0];
        topPreKey = preKey[0];
        int last = --size;
        if (last == 0) {
            return;
        }
        float c = cost[last];
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= last) {
                break;
            }
            int right = left + 1;
            int child = right < last && cost[right] < cost[left] ? right : left;
            if (cost[child] >= c) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, c, table[last], position[last], alternative[last], preKey[last]);
    }

    private void move(int from, int to) {
        cost[to] = cost[from];
        table[to] = table[from];
        position[to] = position[from];
        alternative[to] = alternative[from];
        preKey[to] = preKey[from];
    }

    private void set(int i, float c, int t, int p, int a, long v) {
        cost[i] = c;
        table[i] = t;
        position[i] = p;
        alternative[i] = a;
        preKey[i] = v;
    }
}
