package dev.vicinity.eval;

import java.util.Arrays;

/**
 * The answer to one nearest-neighbour query: the ids of the returned points and their distances to the query, in the
 * order the search returned them. Exact answers are sorted by ascending distance; approximate ones need not be.
 *
 * <p>Ids are whatever identifies a point in the evaluated collection (a row number, a document number); distances
 * must all come from one metric, the same one the exact answer it is compared with uses.
 *
 * @param ids the returned ids
 * @param distances {@code distances[i]} is the distance of {@code ids[i]} to the query
 */
public record Neighbors(int[] ids, float[] distances) {

    private static final Neighbors EMPTY = new Neighbors(new int[0], new float[0]);

    public Neighbors {
        if (ids == null || distances == null) {
            throw new IllegalArgumentException("[ids] and [distances] must not be null");
        }
        if (ids.length != distances.length) {
            throw new IllegalArgumentException("[ids] has [" + ids.length + "] entries but [distances] has [" + distances.length + "]");
        }
        for (int i = 0; i < distances.length; i++) {
            if (Float.isNaN(distances[i])) {
                throw new IllegalArgumentException("[distances] entry [" + i + "] is [NaN]");
            }
        }
    }

    /** A search that returned nothing. */
    public static Neighbors empty() {
        return EMPTY;
    }

    /** How many points were returned. */
    public int size() {
        return ids.length;
    }

    /** The first {@code n} entries (all of them when there are fewer). */
    public Neighbors first(int n) {
        return n >= ids.length ? this : new Neighbors(Arrays.copyOf(ids, n), Arrays.copyOf(distances, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbors that && Arrays.equals(ids, that.ids) && Arrays.equals(distances, that.distances);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(distances);
    }

    @Override
    public String toString() {
        return "Neighbors" + Arrays.toString(ids) + Arrays.toString(distances);
    }
}
