package dev.vicinity.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods the benchmark knows, by name. A new Vicinity method adds its {@link BenchMethod} here, a new peer
 * library its {@link PeerMethod}.
 */
final class BenchMethods {

    /** NN-descent's sweep: PyNNDescent's default epsilon and the range its documentation recommends. */
    private static final Map<String, List<String>> EPSILONS = Map.of("epsilon", List.of("0.0", "0.1", "0.2", "0.3"));
    /** NN-descent's defaults shown in the results: PyNNDescent's n_neighbors and the codec's default seed. */
    private static final Map<String, String> NNDESCENT = Map.of("n_neighbors", "30", "seed", "42");

    /** The forest's sweep: from a few leaves per tree to where recall stops growing on MNIST and GloVe. */
    private static final Map<String, List<String>> SEARCH_KS = Map.of("search_k", List.of("250", "500", "1000", "2000", "4000", "8000", "16000", "32000"));

    /** LSH's sweep: probes over all tables against the cap on exact distances. */
    private static final Map<String, List<String>> PROBES = Map.of("probes", List.of("64", "128", "256", "512"),
        "candidates", List.of("500", "1000", "2000"));

    private static final List<MethodSpec> ALL = List.of(
        new VicinityMethod("exact", "exact", Map.of(), Map.of()),
        new HnswMethod(),
        new VicinityMethod("nndescent", "nndescent", NNDESCENT, EPSILONS),
        new VicinityMethod("nndescent-int8", "nndescent", withEntry(NNDESCENT, "quantization", "int8"), EPSILONS),
        new VicinityMethod("forest", "forest", Map.of("n_trees", "16", "seed", "42"), SEARCH_KS),
        new VicinityMethod("lsh", "lsh", lsh("cross_polytope", "64"), PROBES),
        new VicinityMethod("lsh-binary", "lsh", lsh("binary", "64"), PROBES),
        new VicinityMethod("lsh-discretized", "lsh", lsh("discretized", "64"), PROBES),
        new PyNNDescentPeer(PyNNDescentPeer.defaultPython()),
        new HnswlibPeer(HnswlibPeer.defaultPython()),
        AnnoyPeer.fromEnvironment());

    private BenchMethods() {}

    /** One hashes entry of {@code type} with {@code tables} tables, seed 42. */
    private static Map<String, String> lsh(String type, String tables) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("hashes.0.type", type);
        params.put("hashes.0.tables", tables);
        params.put("seed", "42");
        return params;
    }

    private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    static List<String> names() {
        return ALL.stream().map(MethodSpec::name).toList();
    }

    static MethodSpec byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown method [" + name + "], expected one of " + names()));
    }
}
