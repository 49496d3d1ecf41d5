package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The index methods a Vicinity field can use, with their permanent on-disk ids.
 *
 * <p>The id of a method is written into every segment's {@code .vem} file, so ids are part of the file format: an
 * id, once released, keeps its meaning forever and is never reused (house rule 2: an explicit table, never
 * {@code Enum.ordinal()}). Names are what a mapping says and what {@link VicinityFieldType} stores as a field
 * attribute.
 *
 * <p>{@link #EXACT} and {@link #NNDESCENT} are implemented. The other names and ids are reserved so that the
 * mapping and the file format can grow without renumbering; asking for them fails with a clear message instead of
 * silently indexing something else.
 */
public enum IndexMethod {
    /** Raw vectors only; every search scans the segment. Takes no parameters. */
    EXACT("exact", 1, true),
    /** PyNNDescent's k-NN graph; parameters, files and fallbacks in {@link NNDescentFormat}. */
    NNDESCENT("nndescent", 2, true),
    /** Reserved: Annoy's forest of random-projection trees. */
    FOREST("forest", 3, false),
    /** Reserved: NearPy's locality-sensitive hashing. */
    LSH("lsh", 4, false);

    private final String methodName;
    private final int id;
    private final boolean implemented;

    IndexMethod(String methodName, int id, boolean implemented) {
        this.methodName = methodName;
        this.id = id;
        this.implemented = implemented;
    }

    /** The name a mapping uses, for example {@code "exact"}. */
    public String methodName() {
        return methodName;
    }

    /** The permanent on-disk id. */
    public int id() {
        return id;
    }

    /** Whether this version of Vicinity can build and search the method. */
    public boolean isImplemented() {
        return implemented;
    }

    /** Names of the methods this version can index, in documentation order. */
    public static List<String> implementedNames() {
        return Arrays.stream(values()).filter(IndexMethod::isImplemented).map(IndexMethod::methodName).toList();
    }

    /**
     * The implemented method called {@code name}.
     *
     * @throws IllegalArgumentException naming the value when the method is unknown or not implemented yet
     */
    public static IndexMethod byName(String name) {
        for (IndexMethod method : values()) {
            if (method.methodName.equals(name.toLowerCase(Locale.ROOT))) {
                if (method.implemented == false) {
                    throw new IllegalArgumentException(
                        "index method [" + name + "] is not available in this version, expected one of " + implementedNames()
                    );
                }
                return method;
            }
        }
        throw new IllegalArgumentException("unknown index method [" + name + "], expected one of " + implementedNames());
    }

    /**
     * The method with on-disk id {@code id}, as read from a segment.
     *
     * @throws IllegalArgumentException when the id is unknown or names a method this version cannot search (a segment
     *     written by a newer version, or corrupt bytes); readers turn this into a {@code CorruptIndexException}
     */
    public static IndexMethod byId(int id) {
        for (IndexMethod method : values()) {
            if (method.id == id) {
                if (method.implemented == false) {
                    throw new IllegalArgumentException("index method [" + method.methodName + "] with id [" + id + "] is not supported by this version");
                }
                return method;
            }
        }
        throw new IllegalArgumentException("unknown index method id [" + id + "]");
    }

    /**
     * Checks the build parameters of this method as they come from a mapping or a field attribute.
     *
     * @throws IllegalArgumentException naming the parameter and value when one is unknown or out of range
     */
    public void checkParameters(Map<String, String> parameters, Metric metric) {
        switch (this) {
            case EXACT -> {
                if (parameters.isEmpty() == false) {
                    throw new IllegalArgumentException(
                        "index method [exact] takes no parameters but got " + parameters.keySet().stream().sorted().toList()
                    );
                }
            }
            case NNDESCENT -> NNDescentFormat.checkParameters(parameters, metric);
            default -> throw new IllegalArgumentException("index method [" + methodName + "] is not available in this version");
        }
    }
}
