package dev.vicinity.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-dimensional path through an index method's query parameters along which recall, and cost, grow: what tuning
 * to a target recall searches ({@code _vicinity/tune}). The path sets {@link #parameter()} to a level between
 * {@link #min()} and {@link #max()}; {@code companions} may set other parameters from the level and {@code k} (the
 * {@code lsh} method widens its cap on exact distances with its probes).
 *
 * @param parameter the query parameter the level sets, for example {@code epsilon}
 * @param min the lowest level worth measuring
 * @param start where a search starts: a level that suits typical data
 * @param max the highest level worth measuring (recall no longer grows, or the search is as slow as an exact one)
 * @param integer whether levels are integers (searched geometrically) rather than real numbers
 * @param companions other parameters at a level, given {@code k}; none when {@code null}
 */
public record QueryKnob(String parameter, double min, double start, double max, boolean integer, Companions companions) {

    /** Parameters that follow the level. */
    @FunctionalInterface
    public interface Companions {
        Map<String, Object> at(double level, int k);
    }

    public QueryKnob {
        if ((min <= start && start <= max) == false) {
            throw new IllegalArgumentException("[" + parameter + "] knob needs min <= start <= max but got [" + min + ", " + start + ", " + max + "]");
        }
    }

    /** A knob that sets one parameter. */
    public QueryKnob(String parameter, double min, double start, double max, boolean integer) {
        this(parameter, min, start, max, integer, null);
    }

    /** The query parameters at {@code level} for {@code k} hits: the knob's own first, as a query would take them. */
    public Map<String, Object> parameters(double level, int k) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(parameter, integer ? (Object) Math.round(level) : (Object) level);
        if (companions != null) {
            params.putAll(companions.at(level, k));
        }
        return params;
    }
}
