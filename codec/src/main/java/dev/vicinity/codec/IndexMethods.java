package dev.vicinity.codec;

import dev.vicinity.codec.exact.ExactMethod;
import dev.vicinity.codec.forest.ForestMethod;
import dev.vicinity.codec.lsh.LshMethod;
import dev.vicinity.codec.nndescent.NNDescentMethod;

import java.util.List;
import java.util.Locale;

/**
 * The registry of index methods: by name (as a mapping writes it) and by permanent on-disk id (as a segment records
 * it). Adding a method is one line in {@link #ALL}.
 *
 * <p>Ids are part of the file format: an id, once released, keeps its meaning forever and is never reused (house rule
 * 2). An id this version does not know (a newer version's method, or damaged bytes) is refused.
 */
public final class IndexMethods {

    /** Every method this version can index, in documentation order. */
    private static final List<IndexMethod> ALL = List.of(ExactMethod.INSTANCE, NNDescentMethod.INSTANCE, ForestMethod.INSTANCE, LshMethod.INSTANCE);

    private IndexMethods() {}

    /** Every method this version can index, in documentation order. */
    public static List<IndexMethod> all() {
        return ALL;
    }

    /**
     * Every query parameter some method takes, sorted: what a query may carry for the field's method to check
     * (a name no method takes is refused while parsing, as Elasticsearch refuses unknown fields).
     */
    public static List<String> queryParameterNames() {
        return ALL.stream().flatMap(m -> m.queryParameters().stream()).distinct().sorted().toList();
    }

    /** Names of the methods this version can index, in documentation order. */
    public static List<String> names() {
        return ALL.stream().map(IndexMethod::name).toList();
    }

    /**
     * The method called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value when the method is unknown or not available in this version
     */
    public static IndexMethod byName(String name) {
        String lowerCase = name.toLowerCase(Locale.ROOT);
        for (IndexMethod method : ALL) {
            if (method.name().equals(lowerCase)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown index method [" + name + "], expected one of " + names());
    }

    /**
     * The method with on-disk id {@code id}, as read from a segment.
     *
     * @throws IllegalArgumentException when the id is unknown or names a method this version cannot search (a segment
     *     written by a newer version, or corrupt bytes); readers turn this into a {@code CorruptIndexException}
     */
    public static IndexMethod byId(int id) {
        for (IndexMethod method : ALL) {
            if (method.id() == id) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown index method id [" + id + "]");
    }
}
