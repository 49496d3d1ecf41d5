package dev.vicinity.lsh;

import java.util.Arrays;

/**
 * The ways one table's key can change for multi-probing, for one query: per hash function of the key, its
 * alternative codes in increasing cost, each as the change it makes to the table's pre-key (a long the family turns
 * into the probed key) and its cost (the squared distance the query would have to move, in the space the family
 * hashes, to get that code: to a hyperplane for sign bits, to a bin edge for bins, to the bisector of two vertices for
 * the cross-polytope). The functions are kept sorted by the cost of their cheapest alternative, which is what
 * {@link ProbeSequence} needs to enumerate combinations in increasing total cost. Reused from query to query.
 */
final class ProbeAlternatives {

    /** At most this many alternatives per function are kept (the cheapest ones). */
    static final int MAX_ALTERNATIVES = 16;

    private int functions;
    private int limit = MAX_ALTERNATIVES;
    private int[] count = new int[8];
    private float[] cost = new float[8 * MAX_ALTERNATIVES];
    private long[] delta = new long[8 * MAX_ALTERNATIVES];
    /** Sorted position -> function. */
    private int[] order = new int[8];
    private float[] firstCost = new float[8];
    boolean ready;

    /** Keeps at most {@code limit} alternatives per function from the next {@link #clear()} on (1 to {@link #MAX_ALTERNATIVES}). */
    void setLimit(int limit) {
        this.limit = Math.max(1, Math.min(MAX_ALTERNATIVES, limit));
    }

    /** Forgets the alternatives, before a family fills it again. */
    void clear() {
        functions = 0;
        ready = false;
    }

    /** How many alternatives per function are kept; families may skip computing more. */
    int limit() {
        return limit;
    }

    /** Starts the next function; then {@link #offer} its alternatives. Returns its index. */
    int addFunction() {
        if (functions == count.length) {
            int grown = functions * 2;
            count = Arrays.copyOf(count, grown);
            cost = Arrays.copyOf(cost, grown * MAX_ALTERNATIVES);
            delta = Arrays.copyOf(delta, grown * MAX_ALTERNATIVES);
            order = Arrays.copyOf(order, grown);
            firstCost = Arrays.copyOf(firstCost, grown);
        }
        count[functions] = 0;
        return functions++;
    }

    /** Offers an alternative of the current function; only the {@link #limit()} cheapest are kept, sorted. */
    void offer(float c, long d) {
        int f = functions - 1;
        int base = f * MAX_ALTERNATIVES;
        int n = count[f];
        if (n == limit) {
            if (c >= cost[base + n - 1]) {
                return;
            }
            n--;
        } else {
            count[f] = n + 1;
        }
        int i = n;
        while (i > 0 && cost[base + i - 1] > c) {
            cost[base + i] = cost[base + i - 1];
            delta[base + i] = delta[base + i - 1];
            i--;
        }
        cost[base + i] = c;
        delta[base + i] = d;
    }

    /** Sorts the functions by their cheapest alternative; functions without any are dropped from the order. */
    void finish() {
        int kept = 0;
        for (int f = 0; f < functions; f++) {
            if (count[f] > 0) {
                order[kept] = f;
                firstCost[kept] = cost[f * MAX_ALTERNATIVES];
                kept++;
            }
        }
        // insertion sort: a table has at most a few dozen functions
        for (int i = 1; i < kept; i++) {
            int f = order[i];
            float c = firstCost[i];
            int j = i;
            while (j > 0 && firstCost[j - 1] > c) {
                order[j] = order[j - 1];
                firstCost[j] = firstCost[j - 1];
                j--;
            }
            order[j] = f;
            firstCost[j] = c;
        }
        sortedFunctions = kept;
        ready = true;
    }

    private int sortedFunctions;

    /** Functions with at least one alternative, after {@link #finish()}. */
    int sortedFunctions() {
        return sortedFunctions;
    }

    /** The number of alternatives of the function at sorted position {@code p}. */
    int alternatives(int p) {
        return count[order[p]];
    }

    float cost(int p, int a) {
        return cost[order[p] * MAX_ALTERNATIVES + a];
    }

    long delta(int p, int a) {
        return delta[order[p] * MAX_ALTERNATIVES + a];
    }
}
