package dev.vicinity.codec;

import dev.vicinity.codec.exact.ExactMethod;
import dev.vicinity.codec.nndescent.NNDescentMethod;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of index methods: by name (as a mapping writes it) and by permanent on-disk id (as a segment records
 * it). Adding a method is one line in {@link #ALL}.
 *
 * <p>Ids are part of the file format: an id, once released, keeps its meaning forever and is never reused (house rule
 * 2). Names and ids of methods announced but not built yet are reserved, so that asking for them fails with a clear
 * message instead of silently indexing something else.
 */
public final class IndexMethods {

    /** Every method this version can index, in documentation order. */
    private static final List<IndexMethod> ALL = List.of(ExactMethod.INSTANCE, NNDescentMethod.INSTANCE);

    /** Announced methods by name, with their reserved ids. */
    private static final Map<String, Integer> RESERVED = Map.of("forest", 3, "lsh", 4);

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
        if (RESERVED.containsKey(lowerCase)) {
            throw new IllegalArgumentException("index method [" + name + "] is not available in this version, expected one of " + names());
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
        for (Map.Entry<String, Integer> reserved : RESERVED.entrySet()) {
            if (reserved.getValue() == id) {
                throw new IllegalArgumentException("index method [" + reserved.getKey() + "] with id [" + id + "] is not supported by this version");
            }
        }
        throw new IllegalArgumentException("unknown index method id [" + id + "]");
    }
}
