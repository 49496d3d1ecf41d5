package dev.vicinity.ann;

/**
 * Which ordinals a search may return (deleted documents and the user's filter are excluded by the codec, for
 * example through Lucene's {@code Bits::get}). {@code null} wherever this type is accepted means "all".
 */
@FunctionalInterface
public interface AcceptOrds {

    /** Whether {@code ord} may be returned. */
    boolean accept(int ord);
}
