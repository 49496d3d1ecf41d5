package dev.vicinity.it;

import dev.vicinity.data.Fvecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The reference the integration tests hold Vicinity's exact search to: the optdigits data set from
 * {@code shared/data} and a brute-force euclidean search in double precision over a model of the index (document id
 * to its current vector). Results are compared by distance, so that equally distant documents may be returned in
 * either order or either one of them at the k-th place, but nothing else may differ.
 */
final class NeighbourOracle {

    static final String OPTDIGITS = "optdigits-64-euclidean";
    static final int OPTDIGITS_DIMS = 64;

    /** One document at its distance from a query. */
    record Neighbour(String id, double distance) {}

    /** One hit as a search returned it. */
    record Hit(String id, float score) {}

    private NeighbourOracle() {}

    /** {@code shared/data/<dataSet>/<file>}, from the {@code vicinity.shared.data} system property Surefire sets. */
    static Path dataFile(String dataSet, String file) {
        String root = System.getProperty("vicinity.shared.data");
        assertNotNull("system property [vicinity.shared.data] is not set (Surefire sets it, see src-test/pom.xml)", root);
        Path path = Path.of(root, dataSet, file);
        assertTrue("missing data file [" + path + "]", Files.isRegularFile(path));
        return path;
    }

    static float[][] floats(String dataSet, String file) {
        try {
            return Fvecs.readFloats(dataFile(dataSet, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[][] ints(String dataSet, String file) {
        try {
            return Fvecs.readInts(dataFile(dataSet, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Euclidean distance in double precision. */
    static double euclidean(float[] a, float[] b) {
        assertEquals("vector lengths", a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** Every document of {@code docs} that {@code accept} takes, nearest first (ties by id). */
    static List<Neighbour> ranked(float[] query, Map<String, float[]> docs, Predicate<String> accept) {
        List<Neighbour> all = new ArrayList<>();
        for (Map.Entry<String, float[]> doc : docs.entrySet()) {
            if (accept.test(doc.getKey())) {
                all.add(new Neighbour(doc.getKey(), euclidean(query, doc.getValue())));
            }
        }
        all.sort(Comparator.comparingDouble(Neighbour::distance).thenComparing(Neighbour::id));
        return all;
    }

    /**
     * Asserts that {@code hits} are exactly the nearest {@code min(k, candidates)} of {@code ranked} (every accepted
     * document, nearest first), nearest first, and that each score is {@code 1 / (1 + distance)}.
     *
     * <p>Precisely: as many hits as expected, no duplicates, each hit an accepted document; the sorted distances of the
     * hits equal the true nearest distances; every document strictly nearer than the last expected distance is a hit
     * (only documents tied at that last distance may be swapped); hits come in order of non-increasing score.
     */
    static void assertExactTopK(String context, List<Hit> hits, List<Neighbour> ranked, int k) {
        int expected = Math.min(k, ranked.size());
        Map<String, Double> distanceOf = ranked.stream().collect(Collectors.toMap(Neighbour::id, Neighbour::distance));
        String detail = context + "\n  hits:  " + describe(hits, distanceOf) + "\n  truth: " + describeTruth(ranked, expected + 2);
        assertEquals("number of hits; " + detail, expected, hits.size());
        Set<String> seen = new HashSet<>();
        List<Double> hitDistances = new ArrayList<>();
        for (Hit hit : hits) {
            assertTrue("duplicate hit [" + hit.id() + "]; " + detail, seen.add(hit.id()));
            Double distance = distanceOf.get(hit.id());
            if (distance == null) {
                fail("hit [" + hit.id() + "] is deleted, stale or excluded by the filter; " + detail);
            }
            hitDistances.add(distance);
            assertScore(detail, hit, distance);
        }
        for (int i = 1; i < hits.size(); i++) {
            assertTrue("hits out of order at [" + i + "]; " + detail, hits.get(i - 1).score() >= hits.get(i).score());
        }
        List<Double> sorted = hitDistances.stream().sorted().toList();
        for (int i = 0; i < expected; i++) {
            assertEquals("distance of the hit at rank [" + i + "]; " + detail, ranked.get(i).distance(), sorted.get(i), 1e-9);
        }
        if (expected > 0) {
            double last = ranked.get(expected - 1).distance();
            Set<String> mustBeHits = ranked.stream().filter(n -> n.distance() < last).map(Neighbour::id).collect(Collectors.toSet());
            Set<String> missing = new HashSet<>(mustBeHits);
            missing.removeAll(seen);
            assertTrue("nearer than the k-th distance but not returned " + missing + "; " + detail, missing.isEmpty());
        }
    }

    /** Vicinity's euclidean score is {@code 1 / (1 + distance)}, computed in float. */
    static void assertScore(String context, Hit hit, double distance) {
        double expectedScore = 1.0 / (1.0 + distance);
        assertEquals("score of [" + hit.id() + "] at distance [" + distance + "]; " + context, expectedScore, hit.score(), expectedScore * 1e-6);
    }

    private static String describe(List<Hit> hits, Map<String, Double> distanceOf) {
        return hits.stream()
            .map(h -> h.id() + "@" + (distanceOf.containsKey(h.id()) ? String.format(Locale.ROOT, "%.4f", distanceOf.get(h.id())) : "?")
                + "(" + h.score() + ")")
            .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describeTruth(List<Neighbour> ranked, int limit) {
        return ranked.stream()
            .limit(limit)
            .map(n -> n.id() + "@" + String.format(Locale.ROOT, "%.4f", n.distance()))
            .collect(Collectors.joining(", ", "[", "]"));
    }
}
