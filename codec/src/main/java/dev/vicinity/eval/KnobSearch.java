package dev.vicinity.eval;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Finds the lowest level of a query knob whose measured recall reaches a target, by bracketing then bisection: the
 * first measurement is at {@code start}; while nothing reaches the target the level doubles (up to {@code max}),
 * while everything does it halves (down to {@code min}); then the bracket [highest failing, lowest reaching] is
 * halved (geometrically for integer knobs, arithmetically for real ones) until it is narrower than 5% of its top
 * (or one step for integers, 0.01 for reals, whose levels are kept to three decimals), or {@code maxSteps} levels were measured. Recall is assumed to grow
 * with the level, as it does for every method's knob; a measurement that contradicts that (sampling noise) closes
 * the bracket where it stands rather than chasing it.
 *
 * <p>Pure: the caller measures each level {@link #next()} asks for and {@link #record records} it.
 */
public final class KnobSearch {

    private final double min;
    private final double start;
    private final double max;
    private final boolean integer;
    private final double target;
    private final int maxSteps;
    private final TreeMap<Double, Double> recalls = new TreeMap<>();
    /** The highest level measured below the target, NaN while none. */
    private double failing = Double.NaN;
    /** The lowest level measured at or above the target, NaN while none. */
    private double reaching = Double.NaN;

    public KnobSearch(double min, double start, double max, boolean integer, double target, int maxSteps) {
        if ((min <= start && start <= max) == false || maxSteps < 1) {
            throw new IllegalArgumentException("needs min <= start <= max and maxSteps >= 1 but got [" + min + ", " + start + ", " + max + "], " + maxSteps);
        }
        this.min = min;
        this.start = start;
        this.max = max;
        this.integer = integer;
        this.target = target;
        this.maxSteps = maxSteps;
    }

    /** The next level to measure, or empty when the search is over. */
    public OptionalDouble next() {
        if (recalls.isEmpty()) {
            return OptionalDouble.of(level(start));
        }
        if (recalls.size() >= maxSteps) {
            return OptionalDouble.empty();
        }
        double next;
        if (Double.isNaN(reaching)) {
            next = failing >= max ? Double.NaN : level(Math.min(max, failing <= 0 ? Math.max(start, 1e-3) : failing * 2));
        } else if (Double.isNaN(failing)) {
            next = reaching <= min ? Double.NaN : level(Math.max(min, lower(reaching)));
        } else if (failing >= reaching || narrow(failing, reaching)) {
            next = Double.NaN;
        } else {
            next = level(integer && failing > 0 ? Math.sqrt(failing * reaching) : (failing + reaching) / 2);
        }
        return Double.isNaN(next) || recalls.containsKey(next) ? OptionalDouble.empty() : OptionalDouble.of(next);
    }

    /** The next level down when everything measured reaches the target: half, or {@code min} once that is small. */
    private double lower(double level) {
        double half = level / 2;
        return integer || half >= 0.01 ? half : min;
    }

    private boolean narrow(double low, double high) {
        return high - low <= Math.max(integer ? 1 : 0.01, 0.05 * high);
    }

    private double level(double value) {
        double clamped = Math.max(min, Math.min(max, value));
        return integer ? Math.round(clamped) : Math.round(clamped * 1e3) / 1e3;
    }

    public void record(double level, double recall) {
        recalls.put(level, recall);
        if (recall >= target) {
            reaching = Double.isNaN(reaching) ? level : Math.min(reaching, level);
        } else {
            failing = Double.isNaN(failing) ? level : Math.max(failing, level);
        }
    }

    /** Whether some measured level reached the target. */
    public boolean reached() {
        return Double.isNaN(reaching) == false;
    }

    /** The lowest level that reached the target, or else the level with the highest recall (the lowest of equals). */
    public double chosen() {
        if (reached()) {
            return reaching;
        }
        return recalls.entrySet().stream()
            .max(Map.Entry.<Double, Double>comparingByValue().thenComparing(Map.Entry.<Double, Double>comparingByKey().reversed()))
            .orElseThrow(() -> new IllegalStateException("nothing measured"))
            .getKey();
    }

    /** Every measured level and its recall, by level. */
    public Map<Double, Double> measured() {
        return Map.copyOf(recalls);
    }
}
