package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodQuery;

/**
 * The query-time parameters of {@code nndescent}.
 *
 * @param epsilon the walk's backtracking (PyNNDescent's {@code epsilon}): a point is expanded while its distance is
 *     below {@code worst + epsilon·(worst − min_distance)}; larger is slower with higher recall. Finite, {@code >= 0}.
 */
public record NNDescentQuery(float epsilon) implements MethodQuery {

    public NNDescentQuery {
        if (Float.isFinite(epsilon) == false || epsilon < 0) {
            throw new IllegalArgumentException("[" + NNDescentMethod.EPSILON + "] must be a finite number >= [0] but was [" + epsilon + "]");
        }
    }

    @Override
    public IndexMethod method() {
        return NNDescentMethod.INSTANCE;
    }
}
