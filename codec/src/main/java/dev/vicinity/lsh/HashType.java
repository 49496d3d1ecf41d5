package dev.vicinity.lsh;

import dev.vicinity.metric.FastForm;
import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hash families an {@code lsh} index can use, by the name a mapping gives in {@code hashes.N.type}. The names
 * are what segments persist (as parameter strings), so they are permanent; {@link #ordinal()} is never written.
 */
public enum HashType {
    /** NearPy's {@code RandomBinaryProjections}: one sign bit per Gaussian projection. */
    BINARY("binary", true, false),
    /** NearPy's {@code RandomDiscretizedProjections}: {@code floor((r·x + b) / bin_width)} per Gaussian projection, hashed. */
    DISCRETIZED("discretized", false, false),
    /** NearPy's {@code PCABinaryProjections}: one sign bit per principal component of the segment's vectors. */
    PCA_BINARY("pca_binary", true, true),
    /** NearPy's {@code PCADiscretizedProjections}: binned projections on the principal components. */
    PCA_DISCRETIZED("pca_discretized", false, true),
    /** NearPy's {@code RandomBinaryProjectionTree}: binary keys walked as a trie until {@code minimum_result_size} points. */
    TREE("tree", true, false),
    /** FALCONN's cross-polytope hash: the nearest signed axis after a fast pseudo-random rotation. */
    CROSS_POLYTOPE("cross_polytope", true, false);

    private final String typeName;
    private final boolean prefixKeys;
    private final boolean alwaysTrained;

    HashType(String typeName, boolean prefixKeys, boolean alwaysTrained) {
        this.typeName = typeName;
        this.prefixKeys = prefixKeys;
        this.alwaysTrained = alwaysTrained;
    }

    /** The name a mapping uses. */
    public String typeName() {
        return typeName;
    }

    /**
     * Whether a prefix of a key is itself a coarser hash of the same family (true for the families whose key is a
     * concatenation of per-function codes, first function most significant), so a segment may look up only the first
     * bits; false for the binned families, whose key is a hash of all their bins and is matched whole.
     */
    public boolean prefixKeys() {
        return prefixKeys;
    }

    /** Whether the functions are always fitted to the segment's vectors (PCA), and so recomputed by merges. */
    public boolean alwaysTrained() {
        return alwaysTrained;
    }

    /** Every type name, in documentation order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(HashType::typeName).toList();
    }

    /**
     * The type called {@code name}.
     *
     * @param path the parameter's full name for the message, for example {@code hashes.0.type}
     * @throws IllegalArgumentException naming the parameter and value when no type has that name
     */
    static HashType byName(String path, String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (HashType type : values()) {
            if (type.typeName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("[" + path + "] must be one of " + names() + " but was [" + name + "]");
    }

    /**
     * Whether the family suits {@code metric}, judged by its typed properties: every family suits a metric whose fast
     * form is the squared euclidean distance (the sign and polytope families after centring the vectors); every family
     * suits an angular metric (vectors are normalised first, so the binned families measure chords on the unit
     * sphere, which order like angles). Nothing else has a locality-sensitive family here.
     */
    public boolean fits(Metric metric) {
        return metric.isAngular() || metric.fastForm() == FastForm.SQUARED_EUCLIDEAN;
    }

    /**
     * @throws IllegalArgumentException naming the parameter, the type and the metric when {@link #fits} is false
     */
    void checkFits(String path, Metric metric) {
        if (fits(metric) == false) {
            throw new IllegalArgumentException("[" + path + "] [" + typeName + "] does not fit metric [" + metric.name()
                + "]: locality-sensitive hashes need an angular metric or one ranked by squared euclidean distance");
        }
    }
}
