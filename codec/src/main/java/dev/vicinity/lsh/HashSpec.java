package dev.vicinity.lsh;

/**
 * One entry of the mapping's {@code hashes} list, resolved: every value set, defaults included. Fields a type does
 * not use hold their neutral value (0, {@code NaN}, {@code false}) and are ignored. {@link LshParameters} parses
 * and validates entries; the ranges are documented there.
 *
 * @param type              the family
 * @param tables            how many tables the entry makes, each with its own functions drawn from its own seed
 * @param projections       functions per table for the projection families (sign bits or bins)
 * @param binWidth          bin width of the binned families; {@code NaN} = fitted to the segment (see {@link BinWidthFit})
 * @param minimumResultSize the tree family's minimum number of points a table answers with
 * @param dimension         the cross-polytope's dimension: each hash function is the nearest signed axis among this
 *                          many coordinates of a rotated vector (a power of two, capped at the padded dimension);
 *                          0 = auto ({@link CrossPolytopeHash#blockDimension})
 * @param rotations         rounds of {@code H·D} (Hadamard times random signs) in the cross-polytope's pseudo-random rotation
 * @param center            whether vectors are centred on the segment's mean before hashing (sign and polytope
 *                          families); a centred family is fitted to the segment and re-hashed by merges
 * @param bucketSize        the bucket size each segment aims at where keys spread evenly: prefix families look up
 *                          {@code round(log2(n / bucketSize))} key bits, fitted bin widths make keys of about as
 *                          many bits (see {@link TableLayout} and {@link BinWidthFit})
 * @param seed              the seed of this entry's functions
 */
public record HashSpec(
    HashType type,
    int tables,
    int projections,
    float binWidth,
    int minimumResultSize,
    int dimension,
    int rotations,
    boolean center,
    int bucketSize,
    long seed
) {

    /**
     * Whether the entry's functions depend on the segment's vectors (PCA, a centre, a fitted bin width): such entries
     * persist their fitted state and are hashed again by merges; the others are fixed by their seed alone, so every
     * segment has the same functions and merges combine buckets.
     */
    public boolean trained() {
        return type.alwaysTrained() || center || (type.prefixKeys() == false && Float.isNaN(binWidth));
    }
}
