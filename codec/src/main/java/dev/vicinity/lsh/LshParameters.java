package dev.vicinity.lsh;

import dev.vicinity.metric.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build parameters of an {@code lsh} index, parsed from the flat string map the codec stores (a list of objects is
 * flattened with dotted indices: {@code hashes.0.type=cross_polytope}, {@code hashes.0.tables=8}, {@code seed=42}),
 * validated, with every default resolved. See the package documentation for the meaning of each parameter; the
 * ranges are:
 *
 * <table>
 *   <caption>parameters</caption>
 *   <tr><th>key</th><th>types</th><th>range</th><th>default</th></tr>
 *   <tr><td>{@code seed}</td><td></td><td>any long</td><td>{@value #DEFAULT_SEED}</td></tr>
 *   <tr><td>{@code hashes.N.type}</td><td></td><td>{@link HashType#names()}</td><td>required in each entry; without
 *       any {@code hashes} the index uses {@link #DEFAULT_HASHES}</td></tr>
 *   <tr><td>{@code hashes.N.tables}</td><td>all</td><td>1 .. {@value #MAX_TABLES} (all entries together);
 *       {@code pca_binary} only 1</td><td>{@link #defaultTables(HashType)}</td></tr>
 *   <tr><td>{@code hashes.N.projections}</td><td>binary, tree, pca_binary / discretized, pca_discretized</td>
 *       <td>1 .. 32 / 1 .. 64</td><td>32, 32, 16 / 8, 8</td></tr>
 *   <tr><td>{@code hashes.N.bin_width}</td><td>discretized, pca_discretized</td><td>a finite number &gt; 0, or
 *       {@code auto}</td><td>{@code auto}: fitted to each segment</td></tr>
 *   <tr><td>{@code hashes.N.minimum_result_size}</td><td>tree</td><td>1 .. 1,000,000</td>
 *       <td>{@value #DEFAULT_MINIMUM_RESULT_SIZE}</td></tr>
 *   <tr><td>{@code hashes.N.dimension}</td><td>cross_polytope</td><td>a power of two, 2 .. 65,536, or {@code auto}</td>
 *       <td>{@code auto}: {@code min(64, d'/4)} for the padded dimension {@code d'} (the next power of two of the
 *       field's dimension), at least 2</td></tr>
 *   <tr><td>{@code hashes.N.rotations}</td><td>cross_polytope</td><td>1 .. 3</td><td>{@value #DEFAULT_ROTATIONS}</td></tr>
 *   <tr><td>{@code hashes.N.center}</td><td>binary, tree, cross_polytope</td><td>{@code true}, {@code false}</td>
 *       <td>{@code true} for euclidean metrics, {@code false} for angular ones</td></tr>
 *   <tr><td>{@code hashes.N.bucket_size}</td><td>all but tree</td><td>1 .. 65,536</td><td>{@value #DEFAULT_BUCKET_SIZE}</td></tr>
 *   <tr><td>{@code hashes.N.seed}</td><td>all</td><td>any long</td><td>derived from {@code seed} and N</td></tr>
 * </table>
 *
 * @param seed   the index seed
 * @param hashes the entries, in order; their tables are numbered entry after entry
 */
public record LshParameters(long seed, List<HashSpec> hashes) {

    public static final long DEFAULT_SEED = 42L;
    public static final int MAX_ENTRIES = 8;
    public static final int MAX_TABLES = 128;
    public static final int DEFAULT_BUCKET_SIZE = 16;
    public static final int DEFAULT_MINIMUM_RESULT_SIZE = 64;
    public static final int DEFAULT_ROTATIONS = 2;
    public static final int MAX_MINIMUM_RESULT_SIZE = 1_000_000;
    public static final int MAX_DIMENSION = 1 << 16;
    public static final int MAX_BUCKET_SIZE = 1 << 16;

    /** The index without a {@code hashes} list: one cross-polytope entry with its default tables. */
    public static final Map<String, String> DEFAULT_HASHES = Map.of("hashes.0.type", HashType.CROSS_POLYTOPE.typeName());

    static final String SEED = "seed";
    static final String HASHES = "hashes";
    static final String TYPE = "type";
    static final String TABLES = "tables";
    static final String PROJECTIONS = "projections";
    static final String BIN_WIDTH = "bin_width";
    static final String MINIMUM_RESULT_SIZE = "minimum_result_size";
    static final String DIMENSION = "dimension";
    static final String ROTATIONS = "rotations";
    static final String CENTER = "center";
    static final String BUCKET_SIZE = "bucket_size";
    static final String AUTO = "auto";

    public LshParameters {
        hashes = List.copyOf(hashes);
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("[" + HASHES + "] must have at least one entry");
        }
    }

    /** The number of tables of all entries together. */
    public int tableCount() {
        int count = 0;
        for (HashSpec spec : hashes) {
            count += spec.tables();
        }
        return count;
    }

    /** The default number of tables of an entry of {@code type}. */
    public static int defaultTables(HashType type) {
        return switch (type) {
            case PCA_BINARY -> 1;
            case CROSS_POLYTOPE -> 64;
            case BINARY, DISCRETIZED, PCA_DISCRETIZED, TREE -> 16;
        };
    }

    /** The names an entry of {@code type} accepts. */
    static List<String> names(HashType type) {
        List<String> names = new ArrayList<>(List.of(TYPE, TABLES));
        switch (type) {
            case BINARY -> names.addAll(List.of(PROJECTIONS, CENTER, BUCKET_SIZE));
            case TREE -> names.addAll(List.of(PROJECTIONS, CENTER, MINIMUM_RESULT_SIZE));
            case PCA_BINARY -> names.addAll(List.of(PROJECTIONS, BUCKET_SIZE));
            case DISCRETIZED, PCA_DISCRETIZED -> names.addAll(List.of(PROJECTIONS, BIN_WIDTH, BUCKET_SIZE));
            case CROSS_POLYTOPE -> names.addAll(List.of(DIMENSION, ROTATIONS, CENTER, BUCKET_SIZE));
        }
        names.add(SEED);
        return names;
    }

    /**
     * Parses and validates the flat map of a mapping's {@code method} object (without its {@code type}, which names
     * the method) for a field with {@code metric}.
     *
     * @throws IllegalArgumentException whose message names the full parameter path and the value when a name is
     *         unknown, a value does not parse or is out of range, an entry is missing, or a family does not fit the metric
     */
    public static LshParameters parse(Map<String, String> params, Metric metric) {
        Map<Integer, Map<String, String>> entries = new TreeMap<>();
        long seed = DEFAULT_SEED;
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            String key = param.getKey();
            if (key.equals(SEED)) {
                seed = parseLong(key, param.getValue());
            } else if (key.startsWith(HASHES + ".")) {
                int dot = key.indexOf('.', HASHES.length() + 1);
                String index = dot < 0 ? key.substring(HASHES.length() + 1) : key.substring(HASHES.length() + 1, dot);
                if (dot < 0 || index.isEmpty() || index.chars().allMatch(Character::isDigit) == false || index.length() > 3
                    || (index.length() > 1 && index.charAt(0) == '0')) {
                    throw new IllegalArgumentException("[" + key + "] is not a parameter of index method [lsh]: entries are named ["
                        + HASHES + ".N.name] with N = 0, 1, ...");
                }
                entries.computeIfAbsent(Integer.parseInt(index), i -> new LinkedHashMap<>()).put(key.substring(dot + 1), param.getValue());
            } else {
                throw new IllegalArgumentException("unknown parameter [" + key + "] for index method [lsh], expected [" + SEED + "] or ["
                    + HASHES + ".N.name]");
            }
        }
        if (entries.isEmpty()) {
            return new LshParameters(seed, List.of(parseEntry(0, Map.of(TYPE, HashType.CROSS_POLYTOPE.typeName()), seed, metric)));
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("[" + HASHES + "] may have at most [" + MAX_ENTRIES + "] entries but has [" + entries.size() + "]");
        }
        List<HashSpec> specs = new ArrayList<>();
        int tables = 0;
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> entry = entries.get(i);
            if (entry == null) {
                throw new IllegalArgumentException("[" + HASHES + "." + i + "] is missing: entries are numbered from [0] without gaps");
            }
            HashSpec spec = parseEntry(i, entry, seed, metric);
            tables += spec.tables();
            if (tables > MAX_TABLES) {
                throw new IllegalArgumentException("[" + path(i, TABLES) + "] brings the tables of all entries to [" + tables
                    + "] but at most [" + MAX_TABLES + "] are allowed");
            }
            specs.add(spec);
        }
        return new LshParameters(seed, specs);
    }

    private static HashSpec parseEntry(int i, Map<String, String> entry, long seed, Metric metric) {
        String typeValue = entry.get(TYPE);
        if (typeValue == null) {
            throw new IllegalArgumentException("[" + path(i, TYPE) + "] is required, one of " + HashType.names());
        }
        HashType type = HashType.byName(path(i, TYPE), typeValue);
        List<String> allowed = names(type);
        for (String name : entry.keySet()) {
            if (allowed.contains(name) == false) {
                throw new IllegalArgumentException("unknown parameter [" + path(i, name) + "] for hash type [" + type.typeName()
                    + "], expected one of " + allowed);
            }
        }
        type.checkFits(path(i, TYPE), metric);
        int tables = intParam(entry, i, TABLES, defaultTables(type), 1, MAX_TABLES);
        if (type == HashType.PCA_BINARY && tables != 1) {
            throw new IllegalArgumentException("[" + path(i, TABLES) + "] must be [1] for [pca_binary], whose functions are the"
                + " principal components and would be the same in every table, but was [" + entry.get(TABLES) + "]");
        }
        int maxProjections = type.prefixKeys() ? 32 : 64;
        int defaultProjections = switch (type) {
            case BINARY, TREE -> 32;
            case PCA_BINARY -> 16;
            default -> 8;
        };
        int projections = type == HashType.CROSS_POLYTOPE ? 0 : intParam(entry, i, PROJECTIONS, defaultProjections, 1, maxProjections);
        float binWidth = Float.NaN;
        if (type.prefixKeys() == false) {
            String width = entry.getOrDefault(BIN_WIDTH, AUTO);
            if (width.trim().equals(AUTO) == false) {
                binWidth = positiveFloat(path(i, BIN_WIDTH), width);
            }
        }
        int minimumResultSize = type == HashType.TREE
            ? intParam(entry, i, MINIMUM_RESULT_SIZE, DEFAULT_MINIMUM_RESULT_SIZE, 1, MAX_MINIMUM_RESULT_SIZE)
            : 0;
        int dimension = 0;
        int rotations = 0;
        if (type == HashType.CROSS_POLYTOPE) {
            if (entry.getOrDefault(DIMENSION, AUTO).trim().equals(AUTO) == false) {
                dimension = intParam(entry, i, DIMENSION, 0, 2, MAX_DIMENSION);
                if (Integer.bitCount(dimension) != 1) {
                    throw new IllegalArgumentException("[" + path(i, DIMENSION) + "] must be a power of two or [" + AUTO + "] but was ["
                        + entry.get(DIMENSION) + "]");
                }
            }
            rotations = intParam(entry, i, ROTATIONS, DEFAULT_ROTATIONS, 1, 3);
        }
        boolean center = false;
        if (type == HashType.BINARY || type == HashType.TREE || type == HashType.CROSS_POLYTOPE) {
            center = booleanParam(entry, i, CENTER, metric.isAngular() == false);
        }
        int bucketSize = type == HashType.TREE ? 0 : intParam(entry, i, BUCKET_SIZE, DEFAULT_BUCKET_SIZE, 1, MAX_BUCKET_SIZE);
        long entrySeed = entry.containsKey(SEED) ? parseLong(path(i, SEED), entry.get(SEED)) : SplitMix64.derive(seed, i, -1);
        return new HashSpec(type, tables, projections, binWidth, minimumResultSize, dimension, rotations, center, bucketSize, entrySeed);
    }

    /**
     * Every resolved value as the flat map {@link #parse} reads, so a segment can store what it was built with and be
     * read the same way if a later version changes a default.
     */
    public Map<String, String> toMap() {
        Map<String, String> map = new TreeMap<>();
        map.put(SEED, Long.toString(seed));
        for (int i = 0; i < hashes.size(); i++) {
            HashSpec spec = hashes.get(i);
            HashType type = spec.type();
            map.put(path(i, TYPE), type.typeName());
            map.put(path(i, TABLES), Integer.toString(spec.tables()));
            map.put(path(i, SEED), Long.toString(spec.seed()));
            List<String> names = names(type);
            if (names.contains(PROJECTIONS)) {
                map.put(path(i, PROJECTIONS), Integer.toString(spec.projections()));
            }
            if (names.contains(BIN_WIDTH)) {
                map.put(path(i, BIN_WIDTH), Float.isNaN(spec.binWidth()) ? AUTO : Float.toString(spec.binWidth()));
            }
            if (names.contains(MINIMUM_RESULT_SIZE)) {
                map.put(path(i, MINIMUM_RESULT_SIZE), Integer.toString(spec.minimumResultSize()));
            }
            if (names.contains(DIMENSION)) {
                map.put(path(i, DIMENSION), spec.dimension() == 0 ? AUTO : Integer.toString(spec.dimension()));
                map.put(path(i, ROTATIONS), Integer.toString(spec.rotations()));
            }
            if (names.contains(CENTER)) {
                map.put(path(i, CENTER), Boolean.toString(spec.center()));
            }
            if (names.contains(BUCKET_SIZE)) {
                map.put(path(i, BUCKET_SIZE), Integer.toString(spec.bucketSize()));
            }
        }
        return map;
    }

    static String path(int entry, String name) {
        return HASHES + "." + entry + "." + name;
    }

    private static int intParam(Map<String, String> entry, int i, String name, int defaultValue, int min, int max) {
        String value = entry.get(name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + path(i, name) + "] must be an integer but was [" + value + "]", e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("[" + path(i, name) + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        return parsed;
    }

    private static long parseLong(String path, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + path + "] must be an integer but was [" + value + "]", e);
        }
    }

    private static float positiveFloat(String path, String value) {
        float parsed;
        try {
            parsed = Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + path + "] must be a finite number > [0] or [" + AUTO + "] but was [" + value + "]", e);
        }
        if (Float.isFinite(parsed) == false || parsed <= 0) {
            throw new IllegalArgumentException("[" + path + "] must be a finite number > [0] but was [" + value + "]");
        }
        return parsed;
    }

    private static boolean booleanParam(Map<String, String> entry, int i, String name, boolean defaultValue) {
        String value = entry.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("[" + path(i, name) + "] must be [true] or [false] but was [" + value + "]");
        };
    }
}
